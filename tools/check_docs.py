#!/usr/bin/env python
"""Docs pre-render check: what `nbdev_docs` would publish, checked without quarto.

Quarto cannot be installed on these machines, so this is a *pre-render*, not the site build. It
1. checks `nbs/sidebar.yml` against the pages that exist (an entry with no page, a page missing from the sidebar),
2. checks every notebook opens with a `# Title` + `> summary` cell,
3. runs `nbdev_proc_nbs` (a stub `quarto` is put on PATH when none is installed) to write `_proc/`,
4. renders every processed notebook to HTML with nbconvert (into `_proc/_check_html/`),
5. fails on a cell error in the stored/rendered outputs and on a broken internal link between pages.

Usage: python tools/check_docs.py [--execute [--only GLOB] [--flags "slow"] [--inplace]]
  --execute  run the notebooks first (the cells `nbdev_test` runs, outputs kept) so plots and outputs appear
             in the rendered pages and a failing cell is reported; without it the stored outputs are checked.
  --inplace  with --execute, write the outputs back into nbs/ (for the Pages workflow; never commit them).
Links to anchors (`page.html#name`) are checked for the page only: nbconvert's heading ids differ from quarto's.
"""
from __future__ import annotations
import argparse, fnmatch, json, os, re, shutil, subprocess, sys, tempfile, time
from pathlib import Path
import warnings
warnings.filterwarnings('ignore', message='Cell is missing an id field')  # processed notebooks lack ids; harmless
from urllib.parse import urlparse, unquote

import yaml

ROOT = Path(__file__).resolve().parents[1]
PAGE_SUFFIXES = ('.ipynb', '.qmd', '.md')
LINK_SUFFIXES = ('.ipynb', '.html', '.md', '.qmd')
LOCAL_MATHJAX = Path('/usr/share/javascript/mathjax/MathJax.js')  # Debian's libjs-mathjax, if installed

def settings():
    from configparser import ConfigParser
    c = ConfigParser(delimiters=['=']); c.read(ROOT/'settings.ini', encoding='utf-8')
    return c['DEFAULT']

def is_skipped(rel: Path):
    "nbdev skips files and folders starting with `_` or `.` (scratch notebooks)."
    return any(p.startswith(('_', '.')) for p in rel.parts)

def source_pages(nbs: Path):
    "Every page source under `nbs/` (notebooks, .qmd, .md), as paths relative to `nbs/`."
    out = []
    for p in sorted(nbs.rglob('*')):
        rel = p.relative_to(nbs)
        if p.is_file() and p.suffix in PAGE_SUFFIXES and not is_skipped(rel) and '.ipynb_checkpoints' not in rel.parts:
            out.append(rel)
    return out

def sidebar_entries(nbs: Path):
    "Flatten `website.sidebar.contents` of `nbs/sidebar.yml` into (section, path) pairs."
    f = nbs/'sidebar.yml'
    if not f.exists(): raise SystemExit(f"{f} is missing; write it by hand (sections Core, Data, ...) listing every page.")
    y = yaml.safe_load(f.read_text())
    try: contents = y['website']['sidebar']['contents']
    except (TypeError, KeyError): raise SystemExit(f"{f} has no website.sidebar.contents list; see the format at its top.")
    out = []
    def walk(items, section):
        for it in items or []:
            if isinstance(it, str): out.append((section, it))
            elif isinstance(it, dict):
                if 'href' in it: out.append((it.get('section', section), it['href']))
                if 'contents' in it: walk(it['contents'], it.get('section', section))
            else: out.append((section, str(it)))
    walk(contents, 'top')
    return out

def check_sidebar(nbs: Path, errors: list):
    pages = set(map(str, source_pages(nbs)))
    seen = {}
    for section, entry in sidebar_entries(nbs):
        if entry in seen: errors.append(f"sidebar.yml: {entry} is listed twice (sections {seen[entry]} and {section}).")
        seen[entry] = section
        if entry not in pages:
            why = 'no such file' if not (nbs/entry).exists() else 'a scratch/skipped file, not a page'
            errors.append(f"sidebar.yml: entry {entry} (section {section}) has no page ({why}); remove it or add the notebook.")
    for p in sorted(pages - set(seen)):
        errors.append(f"sidebar.yml: page {p} is missing from the sidebar; add it under its section.")
    return seen

TITLE_RE = re.compile(r'^#\s+\S.*\n+>\s*\S.*$')

def check_title(nbs: Path, rel: Path, errors: list):
    if rel.suffix != '.ipynb': return
    nb = json.loads((nbs/rel).read_text())
    c = nb['cells'][0] if nb['cells'] else None
    src = ''.join(c['source']).strip() if c else ''
    if not c or c['cell_type'] != 'markdown' or not TITLE_RE.match(src):
        errors.append(f"{rel}: the first cell must be markdown `# Title` then `> one-line summary` only "
                      f"(found {src[:60]!r}).")

# ---------------------------------------------------------------- executing (optional)
def execute_notebooks(nbs: Path, rels, dest: Path, flags: str, errors: list, only=None):
    "Run the cells `nbdev_test` runs (same skip rules), keeping outputs; write the notebooks under `dest`."
    from execnb.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    from nbdev.process import NBProcessor
    from nbdev.frontmatter import FrontmatterProc
    from fastcore.xtras import working_directory
    skip = set(settings().get('tst_flags', '').split()) - set(flags.split())
    os.environ['IN_TEST'] = '1'
    for rel in rels:
        if rel.suffix != '.ipynb' or (only and not fnmatch.fnmatch(str(rel), only)): continue
        src, t0 = nbs/rel, time.time()
        nb = NBProcessor(src, procs=FrontmatterProc, process=True).nb
        def no_eval(cell):
            if cell.cell_type != 'code': return True
            d = getattr(cell, 'directives_', {}) or {}
            if d.get('eval:', [''])[0].lower() == 'false': return True
            return skip & d.keys()
        sh = CaptureShell(src)
        try:
            with working_directory(src.parent): sh.run_all(nb, exc_stop=True, preproc=no_eval)
        except Exception:
            errors.append(f"{rel}: a cell raised while executing:\n{sh.prettytb(fname=src)}")
        raw = read_nb(src)  # keep the source cells exactly; copy outputs across by position
        for rc, ec in zip(raw.cells, nb.cells):
            if rc.cell_type == 'code': rc['outputs'] = ec.get('outputs', [])
        (dest/rel).parent.mkdir(parents=True, exist_ok=True)
        write_nb(raw, dest/rel)
        print(f"executed {rel} in {time.time()-t0:.1f}s", flush=True)

def mirror_nbs(nbs: Path, dest: Path):
    "A copy of `nbs/` (non-notebook files and notebooks), so executed notebooks can replace the originals."
    shutil.copytree(nbs, dest, symlinks=False, ignore=shutil.ignore_patterns('.ipynb_checkpoints', '.quarto'))

# ---------------------------------------------------------------- processing and rendering
def run_proc_nbs(path: Path):
    env = dict(os.environ)
    stub = None
    if not shutil.which('quarto'):
        stub = Path(tempfile.mkdtemp(prefix='quarto-stub-'))
        (stub/'quarto').write_text('#!/bin/sh\necho "quarto stub (tools/check_docs.py): not installed here" >&2\nexit 0\n')
        (stub/'quarto').chmod(0o755)
        env['PATH'] = f"{stub}{os.pathsep}{env['PATH']}"
    shutil.rmtree(ROOT/'_proc', ignore_errors=True)
    cmd = ['nbdev_proc_nbs', '--n_workers', os.environ.get('DOCS_WORKERS', '2')]
    if path != ROOT/'nbs': cmd += ['--path', str(path)]
    r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if stub: shutil.rmtree(stub, ignore_errors=True)
    return r

def front_matter(nb):
    for c in nb.cells[:2]:
        if c.cell_type == 'raw' and c.source.lstrip().startswith('---'):
            body = c.source.strip().strip('-')
            return yaml.safe_load(body) or {}, c
    return {}, None

def page_path(rel: Path, fm: dict):
    "The site path of a page: nbdev writes `output-file` (numeric prefix dropped) into the front matter."
    out = fm.get('output-file') or re.sub(r'^\d+_', '', rel.stem) + '.html'
    return (rel.parent/out).as_posix()

class QuartoLike:
    "An nbconvert preprocessor that does what quarto does with nbdev's cell options (enough for a pre-render)."
    def __call__(self, nb, resources):
        cells = []
        for c in nb.cells:
            if c.cell_type == 'raw' and c.source.lstrip().startswith('---'):
                fm = yaml.safe_load(c.source.strip().strip('-')) or {}
                c = type(c)(cell_type='markdown', metadata={}, source=f"# {fm.get('title','')}\n\n*{fm.get('description','')}*")
                c.pop('outputs', None); c.pop('execution_count', None)
            elif c.cell_type == 'code':
                lines = c.source.split('\n')
                opts = {}
                while lines and lines[0].startswith('#|'):
                    k, _, v = lines.pop(0)[2:].strip().partition(':'); opts[k.strip()] = v.strip()
                if opts.get('include') == 'false': continue
                c.source = '\n'.join(lines)
                if opts.get('echo') == 'false':
                    c.metadata.setdefault('transient', {})['remove_source'] = True
            cells.append(c)
        nb.cells = cells
        return nb, resources

def output_errors(nb):
    "Error outputs (and tracebacks printed to stderr) stored in the processed notebook."
    bad = []
    for i, c in enumerate(nb.cells):
        for o in c.get('outputs', []):
            if o.get('output_type') == 'error': bad.append((i, f"{o.get('ename')}: {o.get('evalue')}"))
            elif o.get('output_type') == 'stream' and o.get('name') == 'stderr' and 'Traceback (most recent call last)' in o.get('text', ''):
                bad.append((i, 'a traceback printed to stderr'))
    return bad

def render(proc: Path, rels, out: Path, mathjax_url: str | None, errors: list):
    import nbformat
    from nbconvert import HTMLExporter
    ex = HTMLExporter(template_name='lab')
    if mathjax_url: ex.mathjax_url = mathjax_url
    ex.register_preprocessor(QuartoLike(), enabled=True)
    pages = {}
    for rel in rels:
        f = proc/rel
        if not f.exists():
            errors.append(f"{rel}: nbdev_proc_nbs wrote no processed file {f.relative_to(ROOT)}."); continue
        if rel.suffix != '.ipynb':
            pages[rel] = dict(page=(rel.parent/(rel.stem + '.html')).as_posix(), html=None, nb=None); continue
        nb = nbformat.read(f, as_version=4)
        fm, _ = front_matter(nb)
        if not fm.get('title') or not fm.get('description'):
            errors.append(f"{rel}: processed page has no title/description front matter (first cell must be `# Title` + `> summary`).")
        for i, msg in output_errors(nb):
            errors.append(f"{rel}: cell {i} of the processed notebook has an error output ({msg}).")
        try: html, _ = ex.from_notebook_node(nb)
        except Exception as e:
            errors.append(f"{rel}: nbconvert could not render it ({type(e).__name__}: {e})."); continue
        page = page_path(rel, fm)
        dst = out/page; dst.parent.mkdir(parents=True, exist_ok=True); dst.write_text(html, encoding='utf-8')
        pages[rel] = dict(page=page, html=html, nb=nb)
    return pages

def check_links(nbs: Path, pages: dict, errors: list):
    from bs4 import BeautifulSoup
    cfg = settings()
    site = (cfg.get('doc_host', '') + cfg.get('doc_baseurl', '')).rstrip('/') + '/'
    html_pages = {v['page'] for v in pages.values()}
    sources = {str(k) for k in pages}
    n = 0
    for rel, v in pages.items():
        if v['html'] is None: continue
        soup = BeautifulSoup(v['html'], 'html.parser')
        for a in soup.find_all('a', href=True):
            href = a['href'].strip()
            if href.startswith(site): target, base = href[len(site):], ''
            else:
                u = urlparse(href)
                if u.scheme or u.netloc or href.startswith(('#', '/')): continue
                target, base = href, None
            path = unquote(target.split('#')[0].split('?')[0])
            if not path.endswith(LINK_SUFFIXES): continue
            n += 1
            if base is None:  # relative: .html against the page's folder, sources against the notebook's folder
                base = os.path.dirname(v['page']) if path.endswith('.html') else str(rel.parent)
            norm = os.path.normpath(os.path.join(base, path)).replace(os.sep, '/')
            ok = norm in html_pages if path.endswith('.html') else norm in sources
            if not ok:
                hint = f"pages are named by output file, e.g. {next(iter(sorted(html_pages)), '')}" if path.endswith('.html') \
                    else "link to a notebook/page under nbs/ (files outside nbs/ are not on the site: link their GitHub URL)"
                errors.append(f"{rel}: broken internal link {href!r} (resolves to {norm}; {hint}).")
    return n

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--execute', action='store_true', help='run the notebooks first and render their outputs')
    ap.add_argument('--flags', default='', help='with --execute: test flags to run too (e.g. "slow")')
    ap.add_argument('--only', default=None, help='with --execute: run only notebooks matching this glob (e.g. "techniques/30_*")')
    ap.add_argument('--inplace', action='store_true', help='with --execute: write outputs back into nbs/')
    ap.add_argument('--mathjax_url', default=None, help='MathJax for the HTML (default: local Debian copy if any, else CDN)')
    a = ap.parse_args()
    t0 = time.time()
    cfg = settings()
    nbs = ROOT/cfg.get('nbs_path', 'nbs')
    errors = []
    rels = source_pages(nbs)
    print(f"docs check: {len(rels)} pages under {nbs.relative_to(ROOT)}/ (a pre-render: quarto is not run)", flush=True)
    check_sidebar(nbs, errors)
    for rel in rels: check_title(nbs, rel, errors)

    path = nbs
    if a.execute:
        tmp = Path(tempfile.mkdtemp(prefix='docs-exec-'))
        path = tmp/'nbs'; mirror_nbs(nbs, path)
        execute_notebooks(nbs, rels, path, a.flags, errors, a.only)
        if a.inplace:
            for rel in rels:
                if rel.suffix == '.ipynb' and (path/rel).exists(): shutil.copy2(path/rel, nbs/rel)
            path = nbs
    r = run_proc_nbs(path)
    if r.returncode != 0:
        errors.append(f"nbdev_proc_nbs failed (exit {r.returncode}):\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
        return report(errors, t0)
    if 'Found cells containing imports and other code' in r.stderr:
        print("note: nbdev_proc_nbs warned about cells mixing imports and other code (tools/lint_nbs.py names them)")
    proc = ROOT/'_proc'
    out = proc/'_check_html'
    mj = a.mathjax_url or (f"file://{LOCAL_MATHJAX}?config=TeX-AMS_CHTML" if LOCAL_MATHJAX.exists() else None)
    pages = render(proc, rels, out, mj, errors)
    n_links = check_links(nbs, pages, errors)
    print(f"rendered {sum(v['html'] is not None for v in pages.values())} pages to {out.relative_to(ROOT)}/, "
          f"checked {n_links} internal links", flush=True)
    return report(errors, t0)

def report(errors, t0):
    if errors:
        print(f"\ndocs check FAILED ({len(errors)} problems, {time.time()-t0:.0f}s):", file=sys.stderr)
        for e in errors: print(f"  - {e}", file=sys.stderr)
        return 1
    print(f"docs check passed ({time.time()-t0:.0f}s)")
    return 0

if __name__ == '__main__': sys.exit(main())
