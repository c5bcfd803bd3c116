#!/usr/bin/env python
"""Write a notebook from a cell-marked text file (a drafting aid; the .ipynb it writes is the source of truth).

Cells start with a line `# %%` (code) or `# %% [md]` (markdown); text before the first marker is ignored.
Usage: python tools/py2nb.py DRAFT.txt nbs/path/NAME.ipynb [--accelerator]
"""
import json, sys
from pathlib import Path

def cells_from_text(text):
    cells, kind, buf = [], None, []
    def flush():
        if kind is None: return
        src = '\n'.join(buf).strip('\n')
        if not src: return
        lines = src.split('\n')
        cell = {'cell_type': 'markdown' if kind == 'md' else 'code', 'metadata': {},
                'source': [l + '\n' for l in lines[:-1]] + [lines[-1]]}
        if kind == 'code': cell.update(execution_count=None, outputs=[])
        cells.append(cell)
    for line in text.split('\n'):
        s = line.strip()
        if s in ('# %%', '# %% [md]', '# %% [markdown]'):
            flush(); kind, buf = ('md' if '[' in s else 'code'), []
        else: buf.append(line)
    flush()
    return cells

def main(src, dst, accelerator=False):
    meta = {'kernelspec': {'display_name': 'python3', 'language': 'python', 'name': 'python3'}}
    if accelerator: meta['accelerator'] = 'GPU'
    nb = {'cells': cells_from_text(Path(src).read_text()), 'metadata': meta, 'nbformat': 4, 'nbformat_minor': 5}
    Path(dst).parent.mkdir(parents=True, exist_ok=True)
    Path(dst).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')

if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], '--accelerator' in sys.argv)
