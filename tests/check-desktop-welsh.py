#!/usr/bin/python3
"""Fails, naming them, when a user-visible text of the desktop file or the
AppStream metainfo has no Welsh (cy) version beside it.

    check-desktop-welsh.py DESKTOP_FILE METAINFO_FILE
"""
import sys
import xml.etree.ElementTree as ET

LANG = '{http://www.w3.org/XML/1998/namespace}lang'
# The keys a desktop shell shows or searches; Name is the brand, the same
# in every language.
DESKTOP_KEYS = ('GenericName', 'Comment', 'Keywords')
METAINFO_TAGS = ('summary', 'p', 'li')


def desktop_missing(path):
    keys = set()
    with open(path, encoding='utf-8') as f:
        for line in f:
            if '=' in line and not line.startswith('#'):
                keys.add(line.split('=', 1)[0].strip())
    return [f'{path}: {k}[cy]' for k in DESKTOP_KEYS if k in keys and f'{k}[cy]' not in keys]


def metainfo_missing(path):
    missing = []
    root = ET.parse(path).getroot()
    for parent in root.iter():
        children = list(parent)
        for i, child in enumerate(children):
            if child.tag not in METAINFO_TAGS or child.get(LANG) is not None:
                continue
            # The Welsh version follows the English one directly.
            following = children[i + 1] if i + 1 < len(children) else None
            if following is None or following.tag != child.tag or following.get(LANG) != 'cy':
                text = ' '.join((child.text or '').split())
                missing.append(f'{path}: <{child.tag}> "{text[:60]}"')
    return missing


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    missing = desktop_missing(sys.argv[1]) + metainfo_missing(sys.argv[2])
    for m in missing:
        print(f'no Welsh for {m}')
    if not missing:
        print('every desktop and metainfo text has its Welsh version')
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main())
