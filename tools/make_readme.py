#!/usr/bin/env python
"""Write README.md from `nbs/index.ipynb` without quarto (`nbdev_readme` needs quarto).

1. The tables of techniques, optimizers, models and building blocks are generated, never typed: from the experiment
   ledger (`techniques/*.md`, format in `techniques/README.md`) and from `registry.describe(kind)`. They go into
   the markdown cell of `nbs/index.ipynb` between the `<!-- generated:tables -->` markers, so the docs site's home
   page shows them too.
2. `index.ipynb` is processed with nbdev's own processors (as `nbdev_proc_nbs` does) and exported with nbconvert's
   markdown exporter; links to notebooks become links to the docs site.

Usage: python tools/make_readme.py           # refresh the tables in index.ipynb and write README.md
       python tools/make_readme.py --check   # exit 1 when either is stale (CI); changes nothing
"""
from __future__ import annotations
import argparse, json, re, subprocess, sys, tempfile
from configparser import ConfigParser
from pathlib import Path
import warnings
warnings.filterwarnings('ignore', message='Cell is missing an id field')  # processed notebooks lack ids; harmless

ROOT = Path(__file__).resolve().parents[1]
START, END = '<!-- generated:tables (tools/make_readme.py; do not edit by hand) -->', '<!-- /generated:tables -->'
LEDGER_KEYS = ('name', 'paper', 'notebook', 'config', 'registry', 'status')
HEADER = '<!-- README.md is generated from nbs/index.ipynb by tools/make_readme.py: edit the notebook, not this file. -->\n\n'

def settings():
    c = ConfigParser(delimiters=['=']); c.read(ROOT/'settings.ini', encoding='utf-8'); return c['DEFAULT']

def site_url():
    s = settings(); return (s['doc_host'] + s['doc_baseurl']).rstrip('/') + '/'

def page_of(nb_rel: str) -> str:
    "Site path of a notebook under nbs/ (nbdev drops the numeric prefix): `techniques/50_dyt.ipynb` -> `techniques/dyt.html`."
    p = Path(nb_rel)
    return (p.parent/(re.sub(r'^\d+_', '', p.stem) + '.html')).as_posix()

# ---------------------------------------------------------------- the ledger
def parse_front_matter(text: str, fname='?'):
    "A tiny parser for the ledger's front matter: `key: value` lines between two `---` lines. Returns (dict, body)."
    lines = text.split('\n')
    if not lines or lines[0].strip() != '---':
        raise ValueError(f"{fname}: the file must start with a `---` line opening the front matter (see techniques/README.md).")
    try: end = next(i for i, l in enumerate(lines[1:], 1) if l.strip() == '---')
    except StopIteration: raise ValueError(f"{fname}: the front matter has no closing `---` line.")
    meta = {}
    for l in lines[1:end]:
        if not l.strip() or l.lstrip().startswith('#'): continue
        k, sep, v = l.partition(':')
        if not sep: raise ValueError(f"{fname}: front-matter line {l!r} is not `key: value`.")
        meta[k.strip()] = v.strip().strip('"\'')
    return meta, '\n'.join(lines[end+1:])

def read_ledger(errors):
    out = []
    for f in sorted((ROOT/'techniques').glob('*.md')):
        if f.name.lower() == 'readme.md': continue
        rel = f.relative_to(ROOT)
        try: meta, body = parse_front_matter(f.read_text(encoding='utf-8'), rel)
        except ValueError as e: errors.append(str(e)); continue
        miss = [k for k in LEDGER_KEYS if not meta.get(k)]
        if miss: errors.append(f"{rel}: front matter lacks {', '.join(miss)} (required: {', '.join(LEDGER_KEYS)}; use `-` for none)."); continue
        nb = meta['notebook']
        nbp = ROOT/nb if (ROOT/nb).exists() or nb.startswith('nbs/') else ROOT/'nbs'/nb
        if not nbp.exists(): errors.append(f"{rel}: notebook {nb} does not exist; give its path from the repository root (nbs/techniques/NN_slug.ipynb)."); continue
        if '|' not in body: errors.append(f"{rel}: the body has no results table (variant | mean ± spread | metric); see techniques/README.md.")
        meta['page'] = page_of(nbp.relative_to(ROOT/'nbs').as_posix())
        meta['file'] = rel.as_posix()
        out.append(meta)
    return out

# ---------------------------------------------------------------- the registry
def module_pages():
    "Exported module -> page, from each notebook's `#| default_exp`."
    res = {}
    lib = settings()['lib_name']
    for nb in sorted((ROOT/'nbs').rglob('*.ipynb')):
        rel = nb.relative_to(ROOT/'nbs')
        if any(p.startswith(('_', '.')) for p in rel.parts): continue
        for c in json.loads(nb.read_text(encoding='utf-8'))['cells']:
            m = re.search(r'^#\|\s*default_exp\s+(\S+)', ''.join(c['source']), re.M)
            if c['cell_type'] == 'code' and m: res[f"{lib}.{m.group(1)}"] = page_of(rel.as_posix()); break
    return res

def registry_rows():
    sys.path.insert(0, str(ROOT))
    from blagpt_nb.registry import registry, KINDS
    pages = module_pages()
    rows = {}
    for kind in KINDS:
        for key, desc in registry.describe(kind).items():
            mod = getattr(registry.get(kind, key), '__module__', '')
            rows.setdefault(kind, []).append((key, desc, pages.get(mod)))
    return rows

def esc(s): return str(s).replace('|', '\\|').replace('\n', ' ')

def ledger_keys(m) -> list[tuple[str, str]]:
    "The (kind, key) pairs an entry's `registry` field names: `optimizer/soap`, `mlp/relu2, mlp/swiglu`."
    return [tuple(t.split()[0].split('/', 1)) for t in m['registry'].split(',') if '/' in t]

def tables(ledger, rows):
    url = site_url()
    lnk = lambda text, page: f"[{esc(text)}]({url}{page})" if page else esc(text)
    # optimizers and models carry their ledger verdict in their own table; every other entry is a technique
    own = ('optimizer', 'model')
    verdict = {kk: m for m in ledger for kk in ledger_keys(m) if kk[0] in own}
    techniques = [m for m in ledger if not any(k in own for k, _ in ledger_keys(m))]
    out = ['### Techniques', '',
           'One notebook each; the verdict and numbers come from the experiment ledger (`techniques/*.md`).', '']
    if techniques:
        out += ['| Technique | Turn it on | Registry | Verdict | Paper |', '|---|---|---|---|---|']
        for m in techniques:
            paper = f"[paper]({m['paper']})" if m['paper'].startswith('http') else esc(m['paper'])
            out.append(f"| {lnk(m['name'], m['page'])} | `{esc(m['config'])}` | {esc(m['registry'])} | {esc(m['status'])} | {paper} |")
    else: out.append('_No ledger entries yet._')
    groups = [('Optimizers', ['optimizer']), ('Models', ['model']),
              ('Building blocks', [k for k in rows if k not in own])]
    for title, kinds in groups:
        items = [(k, *r) for k in kinds for r in rows.get(k, [])]
        out += ['', f'### {title}', '']
        if not items: out.append('_None registered yet._'); continue
        if title == 'Building blocks':
            out += ['| Kind | Key | What it is |', '|---|---|---|']
            out += [f"| {k} | {lnk(key, page)} | {esc(desc)} |" for k, key, desc, page in items]
            continue
        out += ['Verdicts from the ledger (`techniques/*.md`)' + (': the standard recipe, each at its best swept rate, paired over 5 seeds '
                'against AdamW at 6e-3.' if title == 'Optimizers' else '.'), '',
                '| Key | What it is | Verdict | Paper |', '|---|---|---|---|']
        for k, key, desc, page in items:
            m = verdict.get((k, key))
            paper = (f"[paper]({m['paper']})" if m['paper'].startswith('http') else esc(m['paper'])) if m else ''
            out.append(f"| {lnk(key, page)} | {esc(desc)} | {esc(m['status']) if m else '_not in the ledger_'} | {paper} |")
    out += ['', f'_Generated by `tools/make_readme.py` from the ledger and `registry.describe(kind)`._']
    return '\n'.join(out)

# ---------------------------------------------------------------- index.ipynb and README.md
def index_with_tables(nb: dict, table: str):
    "A copy of the index notebook with `table` between the markers; raises if the markers are missing."
    nb = json.loads(json.dumps(nb))
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown' and START in src and END in src:
            a, b = src.index(START) + len(START), src.index(END)
            src = src[:a] + '\n' + table + '\n' + src[b:]
            lines = src.split('\n')
            c['source'] = [l + '\n' for l in lines[:-1]] + [lines[-1]]
            return nb
    raise SystemExit(f"nbs/index.ipynb has no markdown cell with the markers {START} ... {END}; add one where the tables go.")

def readme_from_index(index: Path) -> str:
    "Process `index` with nbdev's processors, then nbconvert's markdown exporter; notebook links -> site links."
    import nbformat
    from nbconvert import MarkdownExporter
    from nbdev.serve_drv import exec_nb
    from nbdev.processors import FilterDefaults
    with tempfile.TemporaryDirectory() as d:
        dst = Path(d)/'index.ipynb'
        exec_nb(index, dst, FilterDefaults)
        nb = nbformat.read(dst, as_version=4)
    cells = []
    for c in nb.cells:
        if c.cell_type == 'raw' and c.source.lstrip().startswith('---'):
            import yaml
            fm = yaml.safe_load(c.source.strip().strip('-')) or {}
            c = nbformat.v4.new_markdown_cell(f"# {fm.get('title','')}\n\n> {fm.get('description','')}")
        elif c.cell_type == 'markdown' and c.source.strip().startswith('<!-- WARNING: THIS FILE WAS AUTOGENERATED'): continue
        elif c.cell_type == 'code':
            c.source = '\n'.join(l for l in c.source.split('\n') if not l.startswith('#|'))
        cells.append(c)
    nb.cells = cells
    md, _ = MarkdownExporter().from_notebook_node(nb)
    url = site_url()
    def fix(m):
        text, target = m.group(1), m.group(2)
        if re.match(r'^[a-z]+:|^#|^/', target): return m.group(0)
        path, _, anchor = target.partition('#')
        if path.endswith('.ipynb'): path = page_of(path)
        elif not path.endswith(('.html', '.md')): return m.group(0)
        return f"[{text}]({url}{path}{'#' + anchor if anchor else ''})"
    md = re.sub(r'\[([^\]]*)\]\(([^)\s]+)\)', fix, md)
    md = re.sub(r'\n{3,}', '\n\n', md).strip() + '\n'
    return HEADER + md

def main():
    ap = argparse.ArgumentParser(description='Write README.md from nbs/index.ipynb (tables from the ledger and registry).')
    ap.add_argument('--check', action='store_true', help='exit 1 if index.ipynb tables or README.md are stale; write nothing')
    a = ap.parse_args()
    errors = []
    ledger = read_ledger(errors)
    if errors:
        print('ledger errors:\n  - ' + '\n  - '.join(errors), file=sys.stderr); return 1
    table = tables(ledger, registry_rows())
    index = ROOT/'nbs'/'index.ipynb'
    raw = json.loads(index.read_text(encoding='utf-8'))
    new = index_with_tables(raw, table)
    stale = []
    srcs = lambda nb: [(c['cell_type'], ''.join(c['source'])) for c in nb['cells']]
    if srcs(new) != srcs(raw):
        if a.check: stale.append('nbs/index.ipynb (its generated tables differ from the ledger/registry)')
        else:
            index.write_text(json.dumps(new, indent=1, ensure_ascii=False, sort_keys=True) + '\n', encoding='utf-8')
            subprocess.run(['nbdev_clean', '--fname', str(index)], cwd=ROOT, check=True)
            print('updated the tables in nbs/index.ipynb')
    if a.check and stale:  # README from the fresh tables, so one message names both files
        with tempfile.TemporaryDirectory() as d:
            tmp = Path(d)/'index.ipynb'; tmp.write_text(json.dumps(new), encoding='utf-8')
            readme = readme_from_index(tmp)
    else: readme = readme_from_index(index)
    cur = (ROOT/'README.md').read_text(encoding='utf-8') if (ROOT/'README.md').exists() else ''
    if readme != cur:
        if a.check:
            stale.append('README.md')
            import difflib
            sys.stdout.writelines(list(difflib.unified_diff(cur.splitlines(True), readme.splitlines(True), 'README.md (committed)', 'README.md (fresh)'))[:80])
        else:
            (ROOT/'README.md').write_text(readme, encoding='utf-8'); print('wrote README.md')
    if stale:
        print(f"stale: {'; '.join(stale)}. Run `python tools/make_readme.py` and commit the result.", file=sys.stderr); return 1
    if a.check: print(f"README.md and the index tables are up to date ({len(ledger)} ledger entries).")
    return 0

if __name__ == '__main__': sys.exit(main())
