#!/usr/bin/env python
"""Notebook lint: the shape every blagpt-nb notebook shares (see CONVENTIONS.md).

Checks, per notebook under nbs/ (files and folders starting with `_` or `.` are scratch and skipped):
  title     first cell is markdown `# Title` + `> one-line summary` only
  colab     the next cell has the Colab badge pointing at this notebook
  install   a hidden install cell (`#| eval: false` and `#| hide`, installs from the repo on Colab) before other code
  imports   top-level imports only in import cells: the exported imports cell, or hidden test-import cells
            (imports only: nbdev's docs build executes every cell with an import), or `#| eval: false` cells
  flags     `#| name` directives are nbdev's own or a test flag from settings.ini `tst_flags`, one per line
  network   no network access in cells the tests run: calls of hf_hub_download/snapshot_download/urlopen or into
            requests/urllib/httpx, `load_dataset` of a hub name, `!wget/curl/pip/git clone` (allowed under
            `#| eval: false` or `#| notest`; exported cells only define code, and calls inside a def are not run)
  docs      a notebook that exports a module has prose, and every public exported function/class a docstring
  gpu       a `#| gpu` cell begins with a guard, so it skips with a reason on a CPU runtime (Colab's "Run all", CI):
            its first statement is an `if` testing `torch.cuda.is_available()` with a `print(...)` of the reason in
            one branch (`if not torch.cuda.is_available(): print("skipped: needs a CUDA GPU (...)")` / `else:` the test)
Usage: python tools/lint_nbs.py [NOTEBOOK ...]     (default: every notebook under nbs/); exit 1 on any problem.
"""
from __future__ import annotations
import ast, json, re, sys
from configparser import ConfigParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBDEV_DIRECTIVES = {'export', 'exports', 'exporti', 'exec_doc', 'default_exp', 'hide', 'hide_line', 'filter_stream',
                    'skip_exec', 'skip_showdoc', 'export_to', 'eval', 'echo', 'output', 'include'}
EXPORTS = {'export', 'exports', 'exporti'}
HF_BUILDERS = {'text', 'json', 'csv', 'parquet', 'arrow', 'pandas', 'sql', 'generator', 'imagefolder', 'audiofolder',
               'webdataset', 'xml'}
NET_CALLS = {'hf_hub_download', 'snapshot_download', 'urlopen', 'urlretrieve'}
NET_MODULES = {'requests', 'urllib', 'httpx'}
NET_SHELL = re.compile(r'^\s*!.*\b(wget|curl|pip install|git clone)\b', re.M)

def network_calls(tree):
    "Calls that reach the network, made when the cell runs (not inside a def/lambda: defining a downloader is fine)."
    found = []
    def visit(n, in_def):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)): in_def = True
        if isinstance(n, ast.Call) and not in_def:
            f, name, root = n.func, None, None
            if isinstance(f, ast.Name): name = f.id
            elif isinstance(f, ast.Attribute):
                name, r = f.attr, f.value
                while isinstance(r, ast.Attribute): r = r.value
                root = getattr(r, 'id', None)
            if name in NET_CALLS or root in NET_MODULES: found.append((name, n))
        for c in ast.iter_child_nodes(n): visit(c, in_def)
    visit(tree, False)
    return found

def settings():
    c = ConfigParser(delimiters=['=']); c.read(ROOT/'settings.ini', encoding='utf-8'); return c['DEFAULT']

def src(c): return ''.join(c['source']) if isinstance(c['source'], list) else c['source']

def directives(code: str):
    "nbdev's directives: the `#|` lines at the top of a cell -> list of (name, args, raw line)."
    out = []
    for line in code.split('\n'):
        s = line.strip()
        if not s: continue
        m = re.match(r'^#\s*\|\s*(.*)$', s)
        if not m: break
        body = m.group(1).strip()
        if ':' in body.split()[0] if body else False:
            k, _, v = body.partition(':'); out.append((k.strip() + ':', v.split(), line))
        else:
            parts = body.split(); out.append((parts[0] if parts else '', parts[1:], line))
    return out

def strip_magics(code: str):
    "Replace shell/magic lines (`!cmd`, `%magic`) by `pass` so the cell parses as Python."
    return '\n'.join((re.match(r'^\s*', l).group(0) + 'pass') if l.lstrip().startswith(('!', '%')) else l
                     for l in code.split('\n'))

def top_statements(tree):
    "Module-level statements, looking into top-level if/try blocks (an import there is still a module-level import)."
    for n in tree.body:
        if isinstance(n, (ast.If, ast.Try)):
            yield n
            for sub in ast.walk(n):
                if isinstance(sub, (ast.Import, ast.ImportFrom)): yield sub
        else: yield n

def is_import(n): return isinstance(n, (ast.Import, ast.ImportFrom))

def is_cuda_check(n):
    "Whether `n` contains a call of `torch.cuda.is_available()`."
    return any(isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and c.func.attr == 'is_available'
               and isinstance(c.func.value, ast.Attribute) and c.func.value.attr == 'cuda'
               and isinstance(c.func.value.value, ast.Name) and c.func.value.value.id == 'torch' for c in ast.walk(n))

def has_cuda_guard(tree):
    "The cell's first statement is an `if` on `torch.cuda.is_available()` whose body or `else` prints (the skip reason)."
    first = tree.body[0] if tree.body else None
    if not isinstance(first, ast.If) or not is_cuda_check(first.test): return False
    prints = lambda stmts: any(isinstance(c, ast.Call) and getattr(c.func, 'id', None) == 'print'
                               for s in stmts for c in ast.walk(s))
    return prints(first.body) or prints(first.orelse)

def lint(path: Path, cfg):
    problems = []
    rel = path.relative_to(ROOT/'nbs') if path.is_relative_to(ROOT/'nbs') else path
    P = lambda i, msg: problems.append(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
                                       f"{'cell ' + str(i) + ': ' if i is not None else ''}{msg}")
    try: nb = json.loads(path.read_text(encoding='utf-8'))
    except Exception as e: P(None, f"not valid notebook JSON ({e})."); return problems
    cells = nb.get('cells', [])
    if not cells: P(None, 'the notebook is empty.'); return problems
    tst_flags = set(cfg.get('tst_flags', '').split())

    # title + summary
    t = src(cells[0]).strip()
    if cells[0]['cell_type'] != 'markdown' or not re.fullmatch(r'#\s+\S[^\n]*\n+>\s*\S[^\n]*', t):
        P(0, f"the first cell must be markdown with `# Title` and `> one-line summary` only (found {t[:60]!r}).")
    # Colab badge in the next cell, pointing at this notebook
    badge = f"https://colab.research.google.com/github/{cfg['user']}/{cfg['repo']}/blob/{cfg.get('branch', 'main')}/nbs/{rel.as_posix()}"
    c1 = cells[1] if len(cells) > 1 else None
    if not c1 or c1['cell_type'] != 'markdown' or 'colab-badge.svg' not in src(c1):
        P(1, 'the cell after the title must be markdown with the Open-in-Colab badge (see CONVENTIONS.md).')
    elif badge not in src(c1):
        P(1, f"the Colab badge must link to {badge} (this notebook).")

    code_cells = [(i, c) for i, c in enumerate(cells) if c['cell_type'] == 'code' and src(c).strip()]
    def dnames(c): return {d[0] for d in directives(src(c))}
    def is_install(c):
        s, d = src(c), dnames(c)
        return 'eval:' in d and 'hide' in d and 'google.colab' in s and 'pip install' in s
    inst = [i for i, c in code_cells if is_install(c)]
    others = [i for i, c in code_cells if not is_install(c)]
    if others and not inst:
        P(None, 'no hidden install cell: add, before the other code, a cell with `#| eval: false`, `#| hide` that pip-installs the package when `google.colab` imports (copy it from a core notebook).')
    elif others and inst[0] > others[0]:
        P(inst[0], f"the hidden install cell must come before the other code (cell {others[0]} runs first).")
    for i in inst:
        if not [d for d in directives(src(cells[i])) if d[0] == 'eval:' and d[1][:1] == ['false']]:
            P(i, 'the install cell needs `#| eval: false` exactly.')

    exported, has_default_exp, n_import_cells = [], False, 0
    for i, c in code_cells:
        s = src(c)
        ds = directives(s)
        names = {d[0] for d in ds}
        eval_false = any(d[0] == 'eval:' and d[1][:1] == ['false'] for d in ds)
        # directives: nbdev's own or test flags, one flag per line
        for name, args, line in ds:
            if name.endswith(':'): continue  # quarto cell options (`eval: false`, `echo: false`, `fig-cap: ...`)
            if name in tst_flags:
                if args: P(i, f"`{line.strip()}`: put each test flag on its own `#|` line (nbdev reads only the first word).")
            elif name not in NBDEV_DIRECTIVES:
                P(i, f"`{line.strip()}` is neither an nbdev directive nor a test flag from tst_flags ({' '.join(sorted(tst_flags))}).")
        if 'default_exp' in names: has_default_exp = True
        try: tree = ast.parse(strip_magics(s))
        except SyntaxError as e:
            P(i, f"the cell does not parse as Python ({e.msg}, line {e.lineno})."); continue
        stmts = list(top_statements(tree))
        imports = [n for n in stmts if is_import(n)]
        other = [n for n in tree.body if not is_import(n) and not (isinstance(n, ast.Try) and all(
            is_import(x) or isinstance(x, (ast.Pass, ast.Assign)) for x in ast.walk(n) if isinstance(x, ast.stmt) and x is not n))]
        is_export = bool(names & EXPORTS)
        # a GPU cell skips with a printed reason on a CPU runtime
        if 'gpu' in names and not has_cuda_guard(tree):
            P(i, 'a `#| gpu` cell must begin with a guard so it skips on a CPU runtime: `if not torch.cuda.is_available(): '
                 'print("skipped: needs a CUDA GPU (...)")`, then `else:` and the test indented under it.')
        if is_export: exported.append((i, tree))
        # imports only in import cells
        if imports and not eval_false:
            first = ast.get_source_segment(strip_magics(s), imports[0]) or 'import ...'
            if is_export:
                n_import_cells += 1
                if other: P(i, f"`{first}` in an exported cell with other code: move imports to the one exported imports cell.")
            elif 'hide' in names:
                if other:
                    o = (ast.get_source_segment(strip_magics(s), other[0]) or '').split('\n')[0]
                    P(i, f"a hidden test-imports cell must hold imports only (nbdev's docs build executes cells with imports): move `{o}` to the next cell.")
            else:
                P(i, f"`{first}` outside an import cell: move it to the exported imports cell (package code) or the hidden test-imports cell (test-only).")
        # no network access in cells the tests run
        if not eval_false and 'notest' not in names and not is_export:
            if NET_SHELL.search(s): P(i, "a shell download (wget/curl/pip/git clone) in a cell the tests run: mark it `#| eval: false`.")
            for name, n in network_calls(tree):
                P(i, f"`{name}(...)` in a cell the tests run reaches the network: tests must not; mark it `#| eval: false`, or use a local file (mock the download in a test).")
            for n in ast.walk(tree):
                if isinstance(n, ast.Call) and getattr(n.func, 'id', getattr(n.func, 'attr', None)) == 'load_dataset' and n.args:
                    a0 = n.args[0]
                    if isinstance(a0, ast.Constant) and isinstance(a0.value, str):
                        v = a0.value
                        local = v in HF_BUILDERS or v.startswith(('/', '.', '~')) or (path.parent/v).exists()
                        if not local: P(i, f"`load_dataset({v!r}, ...)` reads from the Hugging Face Hub in a test cell: use a local builder (`'text'`, `'json'`) with local files, or `#| eval: false`.")
    # every exported module documented
    if has_default_exp:
        prose = [c for c in cells[2:] if c['cell_type'] == 'markdown' and src(c).strip()]
        if not prose: P(None, 'the notebook exports a module but has no prose cells: explain the idea before the code.')
        for i, tree in exported:
            for n in tree.body:
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not n.name.startswith('_') \
                        and ast.get_docstring(n) is None:
                    P(i, f"exported `{n.name}` has no docstring: nbdev shows it on the docs page; add a one-line one.")
        if n_import_cells == 0 and exported:
            P(None, 'the notebook exports code but has no exported imports cell (`#| export` with the imports only).')
    return problems

def main(argv):
    cfg = settings()
    nbs = ROOT/cfg.get('nbs_path', 'nbs')
    if argv: files = [Path(a).resolve() for a in argv]
    else: files = [p for p in sorted(nbs.rglob('*.ipynb'))
                   if not any(x.startswith(('_', '.')) for x in p.relative_to(nbs).parts)]
    if not files: print('lint: no notebooks found under nbs/', file=sys.stderr); return 1
    problems = []
    for f in files:
        ps = lint(f, cfg)
        problems += ps
        print(f"{'ok  ' if not ps else 'FAIL'} {f.relative_to(ROOT) if f.is_relative_to(ROOT) else f}" + (f" ({len(ps)} problems)" if ps else ''))
    for p in problems: print('  - ' + p)
    print(f"lint: {len(files)} notebooks, {len(problems)} problems")
    return 1 if problems else 0

if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
