#!/usr/bin/python3
"""End-to-end tests of the real CareDelegation executable, driven only
through the accessibility tree (AT-SPI), as a screen reader user would.

  care-atspi-test.py round
      A carer signs in, records a dose from the Today page and finds it on
      the person's administration chart; a carer without the competency is
      refused with the core's message and nothing is written.

  care-atspi-test.py names
      A manager visits every page; every control on them (button, toggle,
      check box, text entry, combo box, list item, menu item...) must have
      an accessible name.

The environment names the programs, as tests/atspi/meson.build sets it:
CARE_ATSPI_APP (care-delegation), CARE_ATSPI_DEMO_GEN (care-demo-gen) and
GSETTINGS_SCHEMA_DIR (the compiled schema).

Each run has its own X server (Xvfb) and its own D-Bus session, so the
accessibility bus, the application's unique name and the pointer belong to
this test alone: runs can go side by side, and nothing is ever clicked on
a developer's own screen. Exit status: 0 passed, 1 failed, 77 skipped.
"""

import datetime
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

INNER_MARK = 'CARE_ATSPI_TEST_INNER'
SKIP = 77
PIN = '1234'               # every demonstration staff member's PIN
WAIT = 30                  # seconds for anything the app does on its own
SCREEN = '1280x800x24'

# GTK 4.8 reports a widget without a name by its type name ("GtkButton").
TYPE_NAME = re.compile(r'^(Gtk|Adw|Care)[A-Z][A-Za-z]*$')


class TestFailure(Exception):
    pass


class AppGone(TestFailure):
    """The application is no longer there: nothing to wait for."""


START = time.monotonic()


def log(message):
    print(f'[{time.monotonic() - START:6.1f} s] {message}', flush=True)


# --------------------------------------------------------------------------
# Outer run: a private X server and session bus, then this script again
# --------------------------------------------------------------------------

def start_xvfb():
    """Xvfb picks a free display itself (-displayfd), so two runs never race
    for one display number."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(['Xvfb', '-displayfd', str(write_fd), '-screen', '0', SCREEN,
                             '-nolisten', 'tcp', '-noreset'],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    os.close(write_fd)
    number = b''
    with os.fdopen(read_fd, 'rb') as pipe:
        while not number.endswith(b'\n'):
            chunk = pipe.read(1)
            if not chunk:
                break
            number += chunk
    if not number.strip().isdigit():
        xvfb.kill()
        xvfb.wait()
        raise TestFailure('Xvfb did not start')
    return xvfb, ':' + number.strip().decode()


def kill_group(process, grace=5):
    """Ends process and everything in its process group, including what
    it leaves behind: the accessibility bus launcher outlives a session
    bus that is gone."""
    if process is None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        pass
    time.sleep(0.2)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def outer_main(argv):
    for program in ('Xvfb', 'dbus-run-session'):
        if shutil.which(program) is None:
            print(f'SKIP: {program} is not installed (scripts/install-deps.sh installs it)')
            return SKIP
    xvfb = inner = None

    def terminated(signum, frame):
        raise TestFailure(f'stopped by signal {signum}')

    signal.signal(signal.SIGTERM, terminated)
    try:
        xvfb, display = start_xvfb()
        env = dict(os.environ, DISPLAY=display)
        env[INNER_MARK] = '1'
        env.pop('WAYLAND_DISPLAY', None)
        # Everything started from here (the bus, the accessibility bus, the
        # app) is in one process group, ended together whatever happens.
        inner = subprocess.Popen(['dbus-run-session', '--', sys.executable] + argv,
                                 env=env, start_new_session=True)
        return inner.wait()
    except TestFailure as error:
        print(f'FAIL: {error}', flush=True)
        return 1
    finally:
        kill_group(inner)
        kill_group(xvfb)


# --------------------------------------------------------------------------
# The accessibility tree
# --------------------------------------------------------------------------

def import_atspi():
    global pyatspi
    import pyatspi


def wait_for(what, check, timeout=WAIT, interval=0.1):
    """Polls check() until it returns something true, or fails naming what
    was awaited."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            result = check()
            if result:
                return result
        except AppGone:
            raise
        except Exception as error:      # not there yet, or gone under us: look again
            last_error = error
        if time.monotonic() > deadline:
            detail = f' (last: {last_error})' if last_error else ''
            raise TestFailure(f'timed out after {timeout} s waiting for {what}{detail}')
        time.sleep(interval)


# Every question to the app is a D-Bus round trip and GTK 4.8 offers no
# cache of the tree, so searches stay inside the part of the window they
# are about and stop at the first match where one is enough.

def children(obj):
    try:
        count = obj.childCount
    except Exception:
        return []
    out = []
    for i in range(count):
        try:
            child = obj.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            out.append(child)
    return out


def walk(obj, prune=None, reverse=False):
    """The descendants of obj, depth first; prune(node) keeps the search out
    of what is below node."""
    kids = children(obj)
    if reverse:
        kids.reverse()
    for child in kids:
        yield child
        try:
            if prune is not None and prune(child):
                continue
        except Exception:
            continue
        yield from walk(child, prune, reverse)


def matches(obj, role, name, test):
    try:
        return ((role is None or obj.getRoleName() == role)
                and (name is None or obj.name == name)
                and (test is None or test(obj)))
    except Exception:
        return False


def find_all(root, role=None, name=None, test=None, prune=None):
    return [obj for obj in walk(root, prune) if matches(obj, role, name, test)]


def find_one(root, what, role=None, name=None, test=None, prune=None, wait=True):
    """The only match: where a part of the window is found twice (a hidden
    page, a second dialog), the test must not pick one at random. A part
    being rebuilt while it is walked is missed, so the search is retried
    until it settles (wait=False inside a wait_for() of its own)."""
    def once():
        found = find_all(root, role, name, test, prune)
        if len(found) != 1:
            raise TestFailure(f'expected one {what}, found {len(found)}')
        return found[0]
    return wait_for(what, once) if wait else once()


def find_first(root, what, role=None, name=None, test=None, prune=None, reverse=False):
    for obj in walk(root, prune, reverse):
        if matches(obj, role, name, test):
            return obj
    raise TestFailure(f'no {what}')


def skip_lists(obj):
    return obj.getRoleName() in ('list', 'table')


def first_child_name(obj):
    kids = children(obj)
    return kids[0].name if kids else None


def extents(obj):
    return obj.queryComponent().getExtents(pyatspi.WINDOW_COORDS)


def first_label(obj):
    for child in walk(obj):
        if child.getRoleName() == 'label':
            return child.name
    return None


def shows_text(obj, text):
    """A button shows text: GTK 4.8 names a labelled button "<label> <text>"
    (and keeps the mnemonic underscore), so the label inside is what
    the user sees and what is compared."""
    return obj.name == text or first_label(obj) == text


def button(root, text, prune=skip_lists, wait=True):
    """GTK 4.8 gives toggle buttons the push button role, with a pressed state."""
    return find_one(root, f'“{text}” button', prune=prune, wait=wait,
                    test=lambda o: o.getRoleName() in ('push button', 'toggle button')
                    and shows_text(o, text))


def has_state(obj, state):
    obj.clear_cache()
    return obj.getState().contains(state)


def press(obj):
    """The first action of a button: what Enter or a click does."""
    action = obj.queryAction()
    if action.nActions < 1:
        raise TestFailure(f'{obj.getRoleName()} “{obj.name}” has no action')
    action.doAction(0)


def type_text(obj, text):
    if not obj.queryEditableText().setTextContents(text):
        raise TestFailure(f'could not type into “{obj.name}”')


def click(obj):
    """A pointer click in the middle of obj. GTK 4.8 gives list rows no
    action, so a row is opened as a user opens it: with the pointer. The
    private X server has no window manager, so the window sits at 0, 0 and
    window coordinates are screen coordinates."""
    box = extents(obj)
    if box.width <= 0 or box.height <= 0:
        raise TestFailure(f'{obj.getRoleName()} “{obj.name}” is not on screen')
    pyatspi.Registry.generateMouseEvent(box.x + box.width // 2, box.y + box.height // 2,
                                        pyatspi.MOUSE_B1C)


def scroll_down(obj):
    box = extents(obj)
    pyatspi.Registry.generateMouseEvent(box.x + box.width // 2, box.y + box.height // 2, 'b5c')


# The window's pages, by the titles that name them in the sidebar and in
# the page stack.
PAGE_TITLES = ('Dashboard', 'Today', 'People', 'Delegated Tasks', 'Reviews',
               'Staff and Competencies', 'Liberty Safeguards', 'History and Audit', 'Sync')


def is_page(obj):
    return obj.getRoleName() == 'panel' and obj.name in PAGE_TITLES


class App:
    """The running executable, its accessible application, and the parts of
    its window that live as long as it does."""

    def __init__(self, program, env, log_path):
        self.log_file = open(log_path, 'w')
        self.log_path = log_path
        self.process = subprocess.Popen([program], env=env, stdout=self.log_file,
                                        stderr=subprocess.STDOUT, cwd=os.path.dirname(log_path))
        self.acc = wait_for('the application on the accessibility bus', self._find)
        self.frame = wait_for('the main window', lambda: self.windows()[0])
        self.parts = {}
        log(f'application pid {self.process.pid} is on the accessibility bus')

    def _find(self):
        self.check_alive()
        for app in children(pyatspi.Registry.getDesktop(0)):
            try:
                if app.get_process_id() == self.process.pid and app.childCount > 0:
                    return app
            except Exception:
                continue
        return None

    def check_alive(self):
        if self.process.poll() is not None:
            raise AppGone(f'the application exited with status {self.process.returncode}')

    def windows(self):
        self.check_alive()
        return children(self.acc)

    def window(self, title):
        found = [w for w in self.windows() if w.name == title]
        return found[0] if len(found) == 1 else None

    def title(self):
        self.check_alive()
        self.frame.clear_cache()
        return self.frame.name

    def part(self, key, finder):
        """A widget that lives as long as the window, found once."""
        if key not in self.parts:
            self.parts[key] = wait_for(key, finder)
        return self.parts[key]

    def sign_in_box(self):
        # The sign-in screen comes before the pages in the window.
        return self.part('sign-in', lambda: find_first(
            self.frame, 'staff search box', role='entry', name='Search staff by name',
            prune=lambda o: skip_lists(o) or is_page(o)).parent)

    def page(self, title):
        # The pages come last in the window: searched from the end, past
        # every other page.
        return self.part('page ' + title, lambda: find_first(
            self.frame, f'“{title}” page', reverse=True, role='panel', name=title,
            prune=lambda o: skip_lists(o) or is_page(o)))

    def header_button(self, name):
        return self.part('header ' + name, lambda: find_first(
            self.frame, f'“{name}” in the header bar', reverse=True, role='push button', name=name,
            prune=lambda o: skip_lists(o) or is_page(o)))

    def sidebar(self):
        return self.part('sidebar', lambda: find_first(
            self.frame, 'list of pages', reverse=True, role='list', name='Pages', prune=is_page))

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()

    def log_tail(self, lines=40):
        with open(self.log_path, errors='replace') as f:
            return ''.join(f.readlines()[-lines:])


# --------------------------------------------------------------------------
# The demonstration home and what the test plans to do in it
# --------------------------------------------------------------------------

ROLE_LABELS = {
    'care_worker': 'Care worker',
    'senior_carer': 'Senior carer',
    'manager': 'Manager',
    'registered_practitioner': 'Registered practitioner',
}


def is_current(table, alias):
    """The newest version of a record, unless it was entered in error."""
    return (f'{alias}.entered_in_error = 0 AND {alias}.version = '
            f'(SELECT max (n.version) FROM {table} n WHERE n.uuid = {alias}.uuid)')


# The home's setting, left at its default by make_home().
DUE_LEAD_MINUTES = 60


def make_home(demo_gen, path):
    """A small home whose history ends yesterday, so every slot of today is
    still open whatever the time of day the test runs."""
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    log(f'building a demonstration home ending {yesterday}')
    subprocess.run([demo_gen, '--days', '14', '--people', '6', '--staff', '12',
                    '--end-date', yesterday, '--quiet', path],
                   check=True, stdout=subprocess.DEVNULL)


def connect(path):
    db = sqlite3.connect(path, timeout=10)
    db.row_factory = sqlite3.Row
    return db


def staff(db):
    return db.execute(f'SELECT uuid, name, role FROM staff s WHERE {is_current("staff", "s")} '
                      'AND s.active = 1 ORDER BY s.name').fetchall()


def competent(db, staff_uuid, type_uuid, person_uuid, date):
    """The core's question (care_competency_find_valid), asked in SQL."""
    return db.execute(
        'SELECT 1 FROM competency c WHERE c.staff_uuid = ?1 AND c.task_type_uuid = ?2 '
        'AND (?3 IS NULL OR c.person_uuid = ?3) AND c.outcome = \'competent\' '
        'AND c.assessed_on <= ?4 AND c.valid_until >= ?4 '
        'AND (c.revoked_on IS NULL OR c.revoked_on > ?4) AND c.entered_in_error = 0 '
        'AND NOT EXISTS (SELECT 1 FROM competency n WHERE n.uuid = c.uuid AND n.version > c.version)',
        (staff_uuid, type_uuid, person_uuid, date)).fetchone() is not None


def plan_round(db, today):
    """A live task due today with a simple "done" (no witness, site or
    dose to enter), a carer competent for it and one who is not."""
    tasks = db.execute(
        'SELECT d.uuid, d.task_type_uuid, d.person_uuid, d.schedule_times, t.name AS type_name, '
        '  t.person_specific, coalesce (p.preferred_name, p.given_name) || \' \' || p.family_name AS person '
        'FROM delegated_task d JOIN task_type t ON t.uuid = d.task_type_uuid '
        '  JOIN person p ON p.uuid = d.person_uuid '
        f'WHERE {is_current("delegated_task", "d")} AND {is_current("task_type", "t")} '
        f'  AND {is_current("person", "p")} AND p.status = \'active\' '
        '  AND d.status = \'active\' AND d.schedule_kind = \'times\' AND d.start_date <= ?1 '
        '  AND (d.end_date IS NULL OR d.end_date >= ?1) '
        '  AND t.topical = 0 AND t.variable_dose = 0 AND t.requires_witness = 0 '
        'ORDER BY person, t.name, d.uuid', (today,)).fetchall()
    everyone = staff(db)
    carers = [s for s in everyone if s['role'] in ('care_worker', 'senior_carer')]
    for task in tasks:
        times = task['schedule_times'].split(',')
        if len(times) < 2:
            continue
        gate_person = task['person_uuid'] if task['person_specific'] else None

        def can(member):
            return competent(db, member['uuid'], task['task_type_uuid'], gate_person, today)
        able = [s for s in carers if can(s)]
        unable = [s for s in carers if not can(s)]
        if not able or not unable:
            continue
        return {
            'task': task['uuid'], 'type': task['type_name'], 'person': task['person'],
            'person_specific': bool(task['person_specific']),
            'able': able[0], 'unable': unable[0],
            'able_time': times[0], 'unable_time': times[1],
            # The refusal names up to five competent staff, in name order.
            'competent_names': [s['name'] for s in everyone if can(s)][:5],
        }
    raise TestFailure('the demonstration home has no task with both a competent and a '
                      'non-competent carer today')


def administrations(db, task, date, time_):
    return db.execute(f'SELECT * FROM administration a WHERE {is_current("administration", "a")} '
                      'AND a.task_uuid = ? AND a.slot_date = ? AND a.slot_time = ?',
                      (task, date, time_)).fetchall()


def count(db, sql, args=()):
    return db.execute(sql, args).fetchone()[0]


# --------------------------------------------------------------------------
# What the user does
# --------------------------------------------------------------------------

def sign_in(app, person):
    name, role = person['name'], ROLE_LABELS[person['role']]
    wait_for('the sign-in screen', lambda: app.title() == 'CareDelegation')
    box = app.sign_in_box()
    log(f'signing in as {name} ({role})')
    type_text(find_one(box, 'staff search box', role='entry', name='Search staff by name',
                       prune=skip_lists), name)
    staff_list = find_one(box, 'staff list', role='list', name='Staff', prune=skip_lists)

    def only_row():
        # The search runs after a pause in typing: wait for its result.
        staff_list.clear_cache()
        names = [first_child_name(row) for row in children(staff_list)]
        return names == [f'{name}, {role}']

    wait_for(f'“{name}” alone in the staff list', only_row)
    if not staff_list.querySelection().selectChild(0):
        raise TestFailure(f'could not choose {name} in the staff list')
    pin_group = wait_for(f'the PIN box for {name}', lambda: find_one(
        box, 'PIN group', role='list', name=f'PIN for {name}', wait=False,
        prune=lambda o: o.getRoleName() == 'list' and o.name != f'PIN for {name}'))
    type_text(find_one(pin_group, 'PIN box', role='text', name='PIN'), PIN)
    press(button(box, 'Sign In'))
    wait_for(f'{name} to be signed in', lambda: app.title() != 'CareDelegation')
    wait_for(f'the header to say {name} is signed in', lambda: find_all(
        app.header_button('Lock').parent, role='push button', name=f'Signed in as {name}, {role}'))


def lock(app):
    press(app.header_button('Lock'))
    wait_for('the sign-in screen after locking', lambda: app.title() == 'CareDelegation')
    log('locked')


def go_to_page(app, title):
    # A page is built the first time it is shown, so it is looked for after.
    if app.title() != title:
        row = find_one(app.sidebar(), f'“{title}” in the list of pages', role='list item', name=title)
        click(row)
        wait_for(f'the {title} page', lambda: app.title() == title)
    return app.page(title)


SLOT_TEXT = re.compile(r'^\d\d:\d\d, ')


def day_list(app):
    return app.part('day list', lambda: find_one(
        app.page('Today'), 'list of the day’s tasks', role='list', name='The day’s tasks',
        prune=skip_lists, wait=False))


def find_slot_row(app, person, time_, type_name):
    """The line for the slot under the person's heading, scrolled into view.
    The list only has widgets for the lines near the screen, so the
    person's heading is looked for among those."""
    prefix = f'{time_}, {type_name}, '
    lines = day_list(app)

    def locate():
        lines.clear_cache()
        heading = None
        for item in children(lines):
            text = first_child_name(item)
            if text is None:
                continue
            if not SLOT_TEXT.match(text):
                heading = text
            elif (heading == person or (heading or '').startswith(person + '. ')) \
                    and text.startswith(prefix):
                return item, text
        return None

    for _ in range(60):
        item, text = wait_for(f'the {time_} {type_name} line for {person}', locate)
        view, box = extents(lines), extents(item)
        if box.height > 0 and box.y >= view.y and box.y + box.height <= view.y + view.height:
            return item, text
        scroll_down(lines)
        time.sleep(0.2)
    raise TestFailure(f'the {time_} {type_name} line for {person} never scrolled into view')


def my_round_button(app):
    return app.part('my round', lambda: button(app.page('Today'), 'My round', wait=False))


def open_record_dialog(app, plan, time_):
    item, text = find_slot_row(app, plan['person'], time_, plan['type'])
    log(f'opening “{text}”')
    click(item)
    dialog = wait_for(f'the record dialog for {plan["type"]}', lambda: app.window(plan['type']))
    subtitle = f'{plan["person"]} · {time_}, '
    wait_for('the dialog to name the person and the time', lambda: find_all(
        dialog, role='label', test=lambda o: o.name.startswith(subtitle), prune=skip_lists))
    done = button(dialog, 'Done')
    if not (has_state(done, pyatspi.STATE_PRESSED) or has_state(done, pyatspi.STATE_CHECKED)):
        raise TestFailure('the record dialog does not start on “Done”')
    return dialog


def mar_cell_name(plan, date, time_):
    when = date.strftime('%A %-d %B')
    return f'{when}, {plan["type"]} {time_}: '


# --------------------------------------------------------------------------
# The two checks
# --------------------------------------------------------------------------

def check_round(app, db_path):
    today = datetime.date.today()
    iso = today.isoformat()
    db = connect(db_path)
    plan = plan_round(db, iso)
    able, unable = plan['able'], plan['unable']
    log(f'plan: {able["name"]} records {plan["type"]} at {plan["able_time"]} for {plan["person"]}; '
        f'{unable["name"]} is not competent and tries {plan["unable_time"]}')

    # 1. A competent carer records the dose from their round.
    sign_in(app, able)
    go_to_page(app, 'Today')
    if not has_state(my_round_button(app), pyatspi.STATE_PRESSED):
        raise TestFailure('a carer’s Today page does not start on “My round”')
    # The dialog's time is now; a dose given more than an hour (the home's
    # due_lead_minutes) before its slot is recorded as given early. Near
    # that boundary the minute may turn while the test runs, so either is
    # right there.
    slot_at = datetime.datetime.combine(today, datetime.time.fromisoformat(plan['able_time']))
    until_due = slot_at - datetime.timedelta(minutes=DUE_LEAD_MINUTES) - datetime.datetime.now()
    near_boundary = abs(until_due) < datetime.timedelta(minutes=2)
    early = until_due > datetime.timedelta(0)
    messages = {True: 'Recorded as done, before it was due: the chart shows it as given early.',
                False: 'Recorded as done.'}
    expected = set(messages.values()) if near_boundary else {messages[early]}
    dialog = open_record_dialog(app, plan, plan['able_time'])
    press(button(dialog, 'Save'))
    wait_for('the record dialog to close after saving', lambda: app.window(plan['type']) is None)
    wait_for(f'the message {" or ".join(sorted(expected))}', lambda: any(find_all(
        app.page('Today'), role='label', name=m, prune=skip_lists) for m in expected))
    _, text = find_slot_row(app, plan['person'], plan['able_time'], plan['type'])
    endings = {f' by {able["name"]} · given early' if e else f' by {able["name"]}'
               for e in ((True, False) if near_boundary else (early,))}
    if not (text.startswith(f'{plan["able_time"]}, {plan["type"]}, Done. Done at ')
            and any(text.endswith(e) for e in endings)):
        raise TestFailure(f'the Today line after saving reads “{text}”')
    plan['given_early'] = text.endswith(' · given early')
    log(f'the round now reads “{text}”')

    rows = administrations(db, plan['task'], iso, plan['able_time'])
    if len(rows) != 1 or rows[0]['outcome'] != 'done' or rows[0]['performer_uuid'] != able['uuid'] \
            or rows[0]['recorded_by'] != able['uuid']:
        raise TestFailure(f'the database holds {[dict(r) for r in rows]} for the slot')
    log('the database holds one “done” administration, performed and recorded by the carer')

    # 2. It is on the person's administration chart.
    people = go_to_page(app, 'People')
    search = find_one(people, 'people search box', role='entry', name='Search people', prune=skip_lists)
    type_text(search, plan['person'])
    people_list = find_one(people, 'list of people', role='list', name='People', prune=skip_lists)

    def only_person():
        people_list.clear_cache()
        return [first_child_name(row) for row in children(people_list)] == [plan['person']]

    wait_for(f'{plan["person"]} alone in the list of people', only_person)
    # GTK 4.8's "activate" action on a search entry does not emit its
    # activate signal, so the person is opened with the pointer.
    click(children(people_list)[0])
    chart = find_one(people, 'administration chart', role='table', name='Administration chart',
                     prune=skip_lists)
    expected = mar_cell_name(plan, today, plan['able_time'])

    def cell():
        chart.clear_cache()
        return find_one(chart, 'chart cell', role='label', test=lambda o: o.name.startswith(expected),
                        wait=False)

    try:
        found = wait_for(f'the chart cell “{expected}…”', cell)
    except TestFailure:
        names = [o.name for o in find_all(chart, role='label')]
        raise TestFailure(f'no chart cell “{expected}…” among {names[:8]} … {names[-8:]}')
    early = plan['given_early']
    if found.name != expected + 'Done' + (', given before it was due' if early else ''):
        raise TestFailure(f'the chart cell reads “{found.name}”')
    text_iface = found.queryText()
    shown = text_iface.getText(0, text_iface.characterCount)
    if shown != ('D<' if early else 'D'):
        raise TestFailure(f'the chart cell shows “{shown}”, not “{"D<" if early else "D"}”')
    log(f'the chart cell reads “{found.name}” and shows “{shown}”')

    # 3. Locked; a carer without the competency is refused in the core's words.
    lock(app)
    before = {table: count(db, f'SELECT count (*) FROM {table}') for table in ('administration', 'events')}
    sign_in(app, unable)
    go_to_page(app, 'Today')
    my_round = my_round_button(app)
    press(my_round)             # everyone's round, where the task is listed
    wait_for('“My round” to be off', lambda: not has_state(my_round, pyatspi.STATE_PRESSED))
    dialog = open_record_dialog(app, plan, plan['unable_time'])
    press(button(dialog, 'Save'))
    message = (f'{unable["name"]} has no valid competency sign-off for “{plan["type"]}”'
               f'{" with this person" if plan["person_specific"] else ""} on {iso}, so cannot record it '
               f'as done. Competent now: {", ".join(plan["competent_names"])}.')

    def alerts():
        dialog.clear_cache()
        return find_all(dialog, role='alert', test=lambda o: o.name != '', prune=skip_lists)

    alert = wait_for('the refusal in the record dialog', alerts)
    if len(alert) != 1 or alert[0].name != message:
        raise TestFailure(f'the dialog says {[a.name for a in alert]!r}, expected “{message}”')
    log(f'refused: “{alert[0].name}”')
    if app.window(plan['type']) is None:
        raise TestFailure('the record dialog closed after the refusal')
    press(button(dialog, 'Cancel'))
    wait_for('the record dialog to close', lambda: app.window(plan['type']) is None)

    after = {table: count(db, f'SELECT count (*) FROM {table}') for table in before}
    if after != before:
        raise TestFailure(f'the refusal wrote to the database: {before} became {after}')
    if administrations(db, plan['task'], iso, plan['unable_time']):
        raise TestFailure('the refused slot has an administration')
    _, text = find_slot_row(app, plan['person'], plan['unable_time'], plan['type'])
    if text.startswith(f'{plan["unable_time"]}, {plan["type"]}, Done'):
        raise TestFailure(f'the refused slot reads “{text}”')
    log(f'nothing was written for the refused slot; its line still reads “{text}”')


# Roles a user acts on, which a screen reader must be able to name.
CONTROL_ROLES = {
    'push button', 'toggle button', 'check box', 'radio button', 'entry', 'text',
    'password text', 'spin button', 'combo box', 'list item', 'menu item',
    'check menu item', 'radio menu item', 'slider', 'switch', 'link', 'page tab',
}


def real_name(name):
    name = (name or '').strip()
    return '' if TYPE_NAME.match(name) else name


def nameless(obj):
    """A control with no name of its own. A GtkListView row cannot carry a
    name in GTK 4.8: the app names the row's child instead, which is what
    a screen reader reads for it, so that counts."""
    if real_name(obj.name):
        return False
    if obj.getRoleName() == 'list item':
        kids = children(obj)
        return not (kids and real_name(kids[0].name))
    return True


def walk_paths(obj, path, prune=None):
    """Like walk(), with the roles and names of the objects above."""
    for child in children(obj):
        try:
            here = path + ((child.getRoleName(), child.name),)
        except Exception:
            continue
        yield child, here
        if prune is not None and prune(child):
            continue
        yield from walk_paths(child, here, prune)


def describe(path):
    return ' › '.join(f'{role} “{name}”' if real_name(name) else role for role, name in path)


def inside_combo(obj):
    """A combo box shows its choice through a list of its own (libadwaita's
    combo row): the combo box's name and value are what is read."""
    return obj.getRoleName() == 'combo box'


def nameless_controls(root, where, prune=None):
    found = []
    total = 0
    for obj, path in walk_paths(root, (), lambda o: inside_combo(o) or (prune is not None and prune(o))):
        total += 1
        try:
            if path[-1][0] in ('unknown', 'invalid'):
                found.append(f'{where}: {describe(path[-5:])} has no role')
            elif path[-1][0] in CONTROL_ROLES and nameless(obj):
                found.append(f'{where}: {describe(path[-5:])}')
        except Exception:
            continue
    return total, found


def settle(root):
    """Waits until a freshly shown page stops adding to its tree (its lists
    are read in idle time): two walks in a row find as many objects."""
    previous = [-1]

    def same():
        size = sum(1 for _ in walk(root))
        stable = size == previous[0]
        previous[0] = size
        return stable
    wait_for('the page to finish loading', same, timeout=60, interval=0.2)


def menu_controls(app, button_name):
    """Opens a header menu, lists its nameless items and closes it again."""
    outer = app.header_button(button_name)
    toggle = find_one(outer, f'“{button_name}” toggle', role='push button')
    press(toggle)
    menu = find_one(outer, f'the “{button_name}” menu', role='menu')
    settle(menu)
    total, found = nameless_controls(menu, f'menu “{button_name}”')
    if not find_all(menu, role='menu item'):
        raise TestFailure(f'the “{button_name}” menu has no items')
    press(toggle)
    wait_for(f'the “{button_name}” menu to close', lambda: not has_state(toggle, pyatspi.STATE_PRESSED))
    log(f'menu “{button_name}”: {total} accessible objects, {len(found)} controls without a name')
    return found


def person_controls(app):
    """A person's record, the page within People."""
    people = app.page('People')
    people_list = find_one(people, 'list of people', role='list', name='People', prune=skip_lists)
    rows = wait_for('the list of people', lambda: children(people_list))
    name = first_child_name(rows[0])
    click(rows[0])
    chart = find_one(people, 'administration chart', role='table', name='Administration chart',
                     prune=skip_lists)
    wait_for(f'{name}’s administration chart', lambda: find_all(chart, role='label'))
    settle(people)
    total, found = nameless_controls(people, 'People › ' + name)
    log(f'the record of {name}: {total} accessible objects, {len(found)} controls without a name')
    return found


def check_names(app, db_path):
    db = connect(db_path)
    manager = [s for s in staff(db) if s['role'] == 'manager'][0]
    sign_in(app, manager)
    rows = children(app.sidebar())
    titles = [row.name for row in rows if has_state(row, pyatspi.STATE_VISIBLE)]
    log(f'pages for a manager: {", ".join(titles)}')
    if titles != list(PAGE_TITLES):
        raise TestFailure(f'a manager’s pages are {titles}, not {list(PAGE_TITLES)}')

    problems = []
    for title in titles:
        page = go_to_page(app, title)
        settle(page)
        total, found = nameless_controls(page, title)
        problems += found
        log(f'{title}: {total} accessible objects, {len(found)} controls without a name')
    go_to_page(app, 'People')
    problems += person_controls(app)
    problems += menu_controls(app, 'Main menu')
    problems += menu_controls(app, f'Signed in as {manager["name"]}, Manager')
    # The header, the sidebar, the sign-in screen and the set-up forms.
    total, found = nameless_controls(app.frame, 'window', prune=is_page)
    problems += found
    log(f'the rest of the window: {total} accessible objects, {len(found)} controls without a name')
    problems = sorted(set(problems))
    if problems:
        raise TestFailure('controls without an accessible name:\n  ' + '\n  '.join(problems))
    log('every control has an accessible name')


# --------------------------------------------------------------------------

def inner_main(argv):
    try:
        import_atspi()
    except (ImportError, ValueError) as error:
        print(f'SKIP: python3-pyatspi is not usable: {error}')
        return SKIP
    check = argv[0]
    try:
        program = os.environ['CARE_ATSPI_APP']
        demo_gen = os.environ['CARE_ATSPI_DEMO_GEN']
        schema_dir = os.environ['GSETTINGS_SCHEMA_DIR']
    except KeyError as missing:
        print(f'FAIL: {missing} is not set')
        return 1
    checks = {'round': check_round, 'names': check_names}
    started_on = datetime.date.today()
    tmp = tempfile.mkdtemp(prefix='care-atspi-')
    app = None
    try:
        db_path = os.path.join(tmp, 'care.db')
        make_home(demo_gen, db_path)
        env = dict(os.environ,
                   CARE_DELEGATION_DB=db_path,
                   GSETTINGS_BACKEND='memory',
                   GSETTINGS_SCHEMA_DIR=schema_dir,
                   GDK_BACKEND='x11',
                   GTK_A11Y='atspi',
                   GSK_RENDERER='cairo',
                   XDG_DATA_HOME=os.path.join(tmp, 'data'),
                   XDG_CONFIG_HOME=os.path.join(tmp, 'config'),
                   XDG_CACHE_HOME=os.path.join(tmp, 'cache'))
        env.pop('NO_AT_BRIDGE', None)
        app = App(program, env, os.path.join(tmp, 'app.log'))
        checks[check](app, db_path)
        log('PASS')
        return 0
    except (TestFailure, subprocess.CalledProcessError) as error:
        log(f'FAIL: {error}')
        if datetime.date.today() != started_on:
            log('the date changed during the run, which moves “today” under the test: run it again')
        if app is not None:
            print('--- the application’s output ---\n' + app.log_tail(), flush=True)
        return 1
    finally:
        if app is not None:
            app.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    if len(sys.argv) != 2 or sys.argv[1] not in ('round', 'names'):
        print(__doc__)
        sys.exit(2)
    if os.environ.get(INNER_MARK):
        sys.exit(inner_main(sys.argv[1:]))
    sys.exit(outer_main([os.path.abspath(__file__)] + sys.argv[1:]))
