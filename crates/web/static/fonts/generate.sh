#!/usr/bin/env bash
# Regenerates the Tibetan web font served at /static/fonts/tibetan.woff2 from Noto Serif
# Tibetan 2.001 (Google; SIL Open Font License 1.1, no reserved font name) as packaged in
# Debian 12's fonts-noto-core 20201225-1.
#
# The subset holds exactly the glyphs the reporter pages need: every Tibetan run of the
# messages in locales/bo/main.ftl is shaped with HarfBuzz, and the glyphs its buffer holds at
# any step are kept with the shaping rules between them (and no others: the usual subset, the
# font's stacks for every pairing of the letters used, weighs 94 KB). The script then
# shapes every run again with the subset and stops if any glyph differs from the full font's.
# `tibetan.text` records the runs the font was made for; a test fails when the locale's
# Tibetan text no longer matches it, so that the font is regenerated with the translation.
#
# Needs apt-get (a download only: nothing is installed), dpkg-deb, and Debian's
# python3-fonttools, python3-brotli and libharfbuzz-bin (hb-shape).
# Run from anywhere: bash crates/web/static/fonts/generate.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
locale="$here/../../locales/bo/main.ftl"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download -q fonts-noto-core=20201225-1 2>/dev/null >/dev/null
dpkg-deb -x fonts-noto-core_20201225-1_all.deb deb
full=deb/usr/share/fonts/truetype/noto/NotoSerifTibetan-Regular.ttf

/usr/bin/python3 - "$locale" "$full" "$here" <<'PY'
import re, subprocess, sys
locale, full, here = sys.argv[1:]

# The Tibetan runs of the messages (comments are not shown), in file order, without repeats.
runs = []
for line in open(locale, encoding='utf-8'):
    if line.startswith('#') or ' = ' not in line:
        continue
    for run in re.findall('[\u0f00-\u0fff]+', line.split(' = ', 1)[1]):
        if run not in runs:
            runs.append(run)
with open(here + '/tibetan.text', 'w', encoding='utf-8') as f:
    f.write('\n'.join(runs) + '\n')

def shape(font, run):
    out = subprocess.run(['hb-shape', '--script=tibt', '--language=bo', '--no-positions',
                          '--no-clusters', font, run], check=True, capture_output=True, text=True)
    return out.stdout.strip().strip('[]').split('|')

# Every glyph the buffer holds at any step of shaping (HarfBuzz's trace): the final glyphs
# and the intermediate ones that multi-step substitutions (stacks) go through.
glyphs = set()
for run in runs:
    trace = subprocess.run(['hb-shape', '--script=tibt', '--language=bo', '--no-positions',
                            '--no-clusters', '--trace', full, run],
                           check=True, capture_output=True, text=True).stdout
    for buffer in re.findall(r'buffer: \[([^\]]*)\]', trace):
        glyphs.update(buffer.split('|'))
glyphs.discard('.notdef')
if not glyphs:
    sys.exit('no Tibetan text found in ' + locale)
chars = sorted({c for run in runs for c in run} | {'\u25cc'})
subprocess.run([sys.executable, '-m', 'fontTools.subset', full,
                '--glyphs=' + ','.join(sorted(glyphs)),
                '--unicodes=' + ','.join('U+%04X' % ord(c) for c in chars),
                '--no-layout-closure', '--layout-features=*', '--name-IDs=*', '--glyph-names',
                '--output-file=subset.ttf'], check=True)
subprocess.run([sys.executable, '-m', 'fontTools.subset', 'subset.ttf', '--glyphs=*',
                '--unicodes=*', '--layout-features=*', '--name-IDs=*', '--flavor=woff2',
                '--output-file=' + here + '/tibetan.woff2'], check=True)
for run in runs:
    if shape('subset.ttf', run) != shape(full, run):
        sys.exit('the subset shapes %r differently from the full font' % run)
print('%d runs, %d glyphs' % (len(runs), len(glyphs)))
PY

# The licence, from the package's copyright file (Debian's copyright format indents it).
/usr/bin/python3 - deb/usr/share/doc/fonts-noto-core/copyright > "$here/OFL.txt" <<'PY'
import sys
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
# The licence's own paragraph is the last "License: OFL-1.1" line; the others name it.
start = max(i for i, line in enumerate(lines) if line == 'License: OFL-1.1')
print('Noto Serif Tibetan: Copyright 2018 Google LLC. All Rights Reserved.')
print('Licensed under the SIL Open Font License, Version 1.1:\n')
for line in lines[start + 1:]:
    if line and not line.startswith(' '):
        break
    print('' if line.strip() == '.' else line[1:])
PY
ls -l "$here/tibetan.woff2"
