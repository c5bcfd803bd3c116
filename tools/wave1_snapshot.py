#!/usr/bin/env python3
"""Fixed-seed numbers of every wave-1 technique config: initial logits and the losses of a few AdamW steps.

They were recorded before the techniques moved from model.py/layers.py onto the extension points; the test in
`nbs/30_model.ipynb` rebuilds every config and checks that the numbers are unchanged (a refactor that changes the
math, the initialisation or the order in which parameters draw from the RNG changes them).

    python tools/wave1_snapshot.py --write    # re-record (only when a change of the numbers is intended)
    python tools/wave1_snapshot.py            # compare with the recorded file, print the configs that differ
"""
import json, sys
from pathlib import Path
import torch

FILE = Path(__file__).with_name('wave1_snapshot.json')
BASE = dict(vocab_size=128, n_layer=3, n_embd=64, n_head=4, block_size=32)
# name -> ModelConfig overrides of BASE; preset entries start from the preset
CONFIGS = {
    'baseline': {}, 'untied': dict(tie_embeddings=False), 'proj_zero': dict(proj_init='zero'),
    'proj_normal': dict(proj_init='normal'), 'qkv_bias': dict(qkv_bias=True), 'bias_layernorm': dict(bias=True, norm='layernorm'),
    'sandwich': dict(block='sandwich'), 'rope_simple': dict(position='rope_simple'), 'learned_pos': dict(position='learned'),
    'nope': dict(position='none'), 'rope_theta': dict(rope_theta=500000.0), 'paramfree': dict(norm_weight=False),
    'qk_norm': dict(qk_norm=True), 'logit_softcap': dict(logit_softcap=5.0), 'attn_softcap': dict(attn_softcap=2.0),
    'attn_softcap_window': dict(attn_softcap=2.0, window_pattern='SL', short_window=4, n_kv_head=2),
    'both_caps': dict(logit_softcap=5.0, attn_softcap=2.0), 'z_loss': dict(z_loss=1e-2),
    'z_loss_one_sided': dict(z_loss=1e-2, z_loss_one_sided=True), 'mtp': dict(head='mtp', n_predict=3),
    'mtp_shared': dict(head='mtp', n_predict=3, mtp_shared_head=True, z_loss=1e-2),
    # re-recorded after the move: the token-bias table now draws its init after the MTP head's blocks (logits unchanged)
    'mtp_token_bias': dict(head='mtp', n_predict=3, mtp_shared_head=True, z_loss=1e-2, token_bias=True),
    'token_bias': dict(token_bias=True), 'parallel': dict(block='parallel'),
    'resid_blagpt': dict(resid_scalars='blagpt'), 'resid_blagpt_parallel': dict(resid_scalars='blagpt', block='parallel'),
    'resid_blagpt_sandwich': dict(resid_scalars='blagpt', block='sandwich'), 'resid_nanochat': dict(resid_scalars='nanochat'),
    'dyt': dict(norm='dyt'), 'polyrelu': dict(mlp='polyrelu'), 'polynorm': dict(mlp='polynorm'), 'relu2': dict(mlp='relu2'),
    'swiglu': dict(mlp='swiglu', mlp_ratio=8 / 3), 'geglu': dict(mlp='geglu'), 'value_embeds': dict(value_embeds=True),
    'value_embeds_gqa': dict(value_embeds=True, n_kv_head=2, n_layer=4), 'window': dict(window_pattern='SL', short_window=4),
    'flex': dict(attention='flex', window_pattern='SSL', short_window=4), 'dropout': dict(dropout=0.1),
    'mtp_value_embeds_blagpt': dict(head='mtp', n_predict=2, value_embeds=True, resid_scalars='blagpt', attn_softcap=3.0),
    'nanochat': ('nanochat', dict(BASE, n_head=4, n_kv_head=2, short_window=4)),
    # re-recorded 2026-12-03: preset('best') became BlaGPT's BestConfig as its code runs it (diff v2, SwiGLU, Engram, ...)
    'best': ('best', dict(BASE, n_kv_head=2)),
}


def build(name):
    from blagpt_nb.config import ModelConfig, preset
    spec = CONFIGS[name]
    if isinstance(spec, tuple): return preset(spec[0], **spec[1])
    return ModelConfig(**{**BASE, **spec})


def numbers(name, steps=3):
    "Initial logits' statistics and the losses of `steps` AdamW steps (no clipping) from seed 0, on fixed tokens."
    from blagpt_nb.model import build_model
    cfg = build(name)
    torch.manual_seed(0)
    m = build_model(cfg)
    g = torch.Generator().manual_seed(1)
    x = torch.randint(0, cfg.vocab_size, (2, 17), generator=g)
    m.eval()
    with torch.no_grad(): z = m(x[:, :-1]).float()
    m.train()
    opt = torch.optim.AdamW(m.parameters(), lr=1e-2, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.1)
    losses = []
    for _ in range(steps):
        torch.manual_seed(2)                                     # dropout masks
        out = m(x[:, :-1], x[:, 1:])
        opt.zero_grad(set_to_none=True); out['loss'].backward(); opt.step()
        losses.append(out['loss'].item())
    return dict(logits_sum=z.sum().item(), logits_abs=z.abs().sum().item(), logits_first=z[0, -1, :8].tolist(),
                parts=sorted(out), losses=losses, params=sum(p.numel() for p in m.parameters()))


def compare(rec, got, tol=1e-4):
    "The keys where `got` differs from `rec` (floats within a relative `tol`: exact where recorded; another CPU drifts up to ~1e-5 after 3 AdamW steps)."
    def close(a, b):
        if isinstance(a, list): return len(a) == len(b) and all(close(u, v) for u, v in zip(a, b))
        if isinstance(a, float): return abs(a - b) <= tol * max(1.0, abs(a))
        return a == b
    return [k for k in rec if not close(rec[k], got.get(k))]


def main(argv):
    got = {n: numbers(n) for n in CONFIGS}
    if '--write' in argv:
        FILE.write_text(json.dumps(got, indent=1) + '\n'); print(f"wrote {FILE} ({len(got)} configs)"); return 0
    rec = json.loads(FILE.read_text())
    bad = {n: compare(rec[n], got[n], tol=0.0) for n in rec}
    bad = {n: d for n, d in bad.items() if d}
    print("identical" if not bad else f"differ: {bad}")
    return 1 if bad else 0


if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
