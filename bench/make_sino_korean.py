import re, sys, collections, glob
sys.path.insert(0,'/work/wt-adapt/tools')
from dalbit.po import read_catalog
H=0xAC00
def parts(s):
    c=ord(s)-H; return c//588, (c%588)//28, c%28
def make(i,v,f): return chr(H+i*588+v*28+f)
RIEUL_I, NIEUN_I, IEUNG_I = 5, 2, 11
Y_VOWELS={2,6,7,12,17,20}  # ㅑㅕㅖㅛㅠㅣ  (ㅒ=3? no)
readings=collections.defaultdict(set); words=collections.defaultdict(set)
for line in open('/usr/share/libhangul/hanja/hanja.txt',encoding='utf-8'):
    if line.startswith('#') or ':' not in line: continue
    k,h,_=line.rstrip('\n').split(':',2)
    if len(k)==1 and len(h)==1: readings[h].add(k)
    elif len(k)==len(h)>=2 and all('가'<=c<='힣' for c in k): words[k].add(h)
def north_syllables(s, first, prev):
    i,v,f=parts(s); out=[]
    if first:
        if i==IEUNG_I and v in Y_VOWELS: out=[make(RIEUL_I,v,f), make(NIEUN_I,v,f)]
        elif i==NIEUN_I and v not in Y_VOWELS: out=[make(RIEUL_I,v,f)]
    elif s in ('열','율') and prev is not None and parts(prev)[2] in (0,4):
        out=[make(RIEUL_I,v,f)]
    return out
def north(word, hanja):
    res=[]
    for n,(s,c) in enumerate(zip(word,hanja)):
        cands=[r for r in north_syllables(s,n==0,word[n-1] if n else None) if r in readings.get(c,())]
        if len(cands)>1: return None
        res.append(cands[0] if cands else s)
    return ''.join(res)
table={}
for w,hs in words.items():
    if not any(north_syllables(s,n==0,w[n-1] if n else None) for n,s in enumerate(w)): continue
    ns={north(w,h) for h in hs}
    table[w]=(ns,hs)
print(len(table), file=sys.stderr)
# corpus frequency: words as prefixes of hangul runs
cnt=collections.Counter()
for p in glob.glob('/work/shared/corpora/python-docs-ko-3.13/**/*.po',recursive=True):
    try: cat=read_catalog(p)
    except Exception as x: print(x,file=sys.stderr); continue
    for e in cat.messages:
        for run in re.findall('[가-힣]+', e.msgstr or ''.join(e.msgstr_plural)):
            cnt[run]+=1
pref=collections.Counter(); examples=collections.defaultdict(collections.Counter)
for run,c in cnt.items():
    for L in range(min(len(run),6),1,-1):
        if run[:L] in table:
            pref[run[:L]]+=c; examples[run[:L]][run]+=c; break
import json
json.dump({'table':{w:[sorted(x for x in ns if x),sorted(hs)] for w,(ns,hs) in table.items()},
           'freq':pref,'ex':{w:examples[w].most_common(4) for w in pref}},open('/tmp/adapt/cand.json','w'),ensure_ascii=False)
for w,c in pref.most_common(400):
    ns,hs=table[w]
    print(c,w,sorted(x or '?' for x in ns),len(hs),[r for r,_ in examples[w].most_common(3)])
