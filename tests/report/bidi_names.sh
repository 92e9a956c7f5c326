#!/bin/bash
# Review rattack5 finding 2: a school name holding a direction override
# (U+202E) or a C1 control, put into a county database by an older junheng
# (here: by sqlite3), must not reorder the report's text after it: the
# report's HTML and workbook leave those characters out, and a name inside a
# sentence is isolated (<bdi>), so that right-to-left letters cannot move the
# figures after it either.  (report.html was looked at in Chromium.)
set -u
J="$JH_BUILD_DIR/junheng"
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-bidi.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
cat > r.csv <<'CSV'
学校代码,学校名称,学段,城乡类别,办学类型,在校生数,小学在校生数,初中在校生数,专任教师数,高于规定学历教师数,中级及以上职称教师数,县级以上骨干教师数,体育艺术专任教师数,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,网络多媒体教室数,计算机台数,图书册数,L4报告值
3607010001,青山县城关第一小学,小学,城区,公办,2311,,,118,112,70,28,24,10900,16500,5200000,56,300,62000,4.72
3607010002,城关第二小学,小学,城区,公办,1860,,,90,80,48,14,12,7800,9800,3400000,38,210,41000,4.60
3607010003,城关实验中学,初中,城区,公办,1980,,,150,120,98,26,20,12500,21000,5600000,52,365,90000,
3607020001,河口镇小学,小学,镇区,公办,960,,,52,44,25,10,9,4600,7600,1850000,23,120,24000,4.79
3607020002,河口镇中学,初中,镇区,公办,1120,,,88,55,50,12,9,6100,10900,2500000,26,150,33000,
3607020003,河口镇九年一贯制学校,九年一贯制,镇区,公办,1000,620,380,78,60,40,9,9,6000,9000,2300000,24,140,30000,
3607030001,X,小学,乡村,公办,540,,,36,25,14,4,3,2600,4500,820000,10,60,11000,
3607030002,柳林乡中学,初中,乡村,公办,620,,,52,30,22,5,5,3800,7000,1400000,14,80,19000,
3607030003,青山乡九年一贯制学校,九年一贯制,乡村,公办,510,300,210,45,30,18,5,4,3000,5000,1050000,12,65,14000,
3607030004,柳林乡小河教学点,小学,乡村,教学点,38,,,4,3,1,0,0,260,400,40000,1,4,1860,
3607030005,青山乡石门教学点,小学,乡村,教学点,124,,,9,6,3,1,1,600,1100,210000,3,12,3100,
3607019001,青山县育才实验学校,九年一贯制,城区,民办,1500,900,600,96,,,,,,,,,,,
CSV
"$J" schools --db c.db r.csv --lang en >/dev/null 2>&1 || { echo "FAIL the register does not load"; exit 1; }
# what an older junheng stored: U+202E in one name, C1 U+0085 and U+2066 in another, Hebrew in a third
sqlite3 c.db "UPDATE schools SET name = '-1+1' || char(8238) || '学小' WHERE code = '3607030001';
              UPDATE schools SET name = '河口' || char(133) || '镇' || char(8294) || '小学' WHERE code = '3607020001';
              UPDATE schools SET name = 'בית ספר' WHERE code = '3607030002';" || exit 1
out=$("$J" report --db c.db --out rep --no-pdf --lang en 2>&1) || { echo "FAIL report: $out"; exit 1; }
/usr/bin/python3 - rep/report.html rep/report.xlsx <<'PY' || fail=1
import re, sys, zipfile
bad = re.compile('[\u0080-\u009f\u202a-\u202e\u2066-\u2069]')
html = open(sys.argv[1], encoding='utf-8').read()
# the statistics embedded for tests (<script type="application/json">) are data, never shown
shown = re.sub(r'<script[^>]*>.*?</script>', '', html, flags=re.S)
ok = True
def check(cond, what):
    global ok
    print(('PASS ' if cond else 'FAIL ') + what)
    ok = ok and cond
m = bad.search(shown)
check(not m, 'no control or direction character in the shown HTML' + (': %r' % shown[max(0, m.start() - 60):m.end() + 60] if m else ''))
check('<bdi>-1+1学小</bdi>：小学 0.74（标准 1）' in shown, "the overridden name's line isolated, its figures after it")
check('<bdi>河口镇小学</bdi>' in shown, 'the C1 and U+2066 left out')
check('<bdi>בית ספר</bdi>：初中 4.84（标准 5.3）' in shown, 'a right-to-left name isolated')
with zipfile.ZipFile(sys.argv[2]) as z:
    xml = ''.join(z.read(n).decode('utf-8') for n in z.namelist() if n.endswith('.xml'))
m = bad.search(xml)
check(not m, 'no control or direction character in the workbook' + (': %r' % xml[max(0, m.start() - 60):m.end() + 60] if m else ''))
check('-1+1学小' in xml, 'the name in the workbook without U+202E')
sys.exit(0 if ok else 1)
PY
exit $fail
