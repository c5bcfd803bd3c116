#!/usr/bin/env python3
"""Re-measure technique ledger entries in the standard recipe, the baseline run once and shared.

    OMP_NUM_THREADS=1 python tools/ledger_batch.py --json runs/ledger.json SLUG [SLUG ...]
Runs `experiment.ablate` (5 seeds, the standard recipe) for the baseline (once, kept in the JSON) and for each variant
of the named slugs (below), saving after every variant so an interrupted batch keeps what it measured, then prints
`ledger_table` per slug. Several processes can share the baseline by running `baseline` first.
"""
import json, sys, time
from pathlib import Path

VARIANTS = {
    'value_embeddings': {'value embeddings': dict(value_embeds=True)},
    'residual_scalars': {'blagpt': dict(resid_scalars='blagpt'), 'nanochat': dict(resid_scalars='nanochat'),
                         'nanochat + embed_norm': dict(resid_scalars='nanochat', embed_norm=True)},
    'token_output_bias': {'token bias': dict(token_bias=True)},
    'z_loss': {'z 1e-4': dict(z_loss=1e-4), 'z 1e-4 one-sided': dict(z_loss=1e-4, z_loss_one_sided=True)},
    'logit_softcap': {'output 15': dict(logit_softcap=15.0), 'output 30 + attention 50': dict(logit_softcap=30.0, attn_softcap=50.0)},
    'dyt': {'dyt': dict(norm='dyt'), 'dyt + embed_scale': dict(norm='dyt', embed_scale=True)},
    'paramfree_norm_qknorm': {'qk-norm': dict(qk_norm=True), 'qk-norm + learned scale': dict(qk_norm=True, qk_norm_scale=True),
                              'param-free norm': dict(norm_weight=False)},
    'kv_shifting': {'kv shift': dict(kv_shift=True)},
    'value_residual': {'learnable': dict(value_residual='learnable'), 'identity': dict(value_residual='identity')},
    'gated_attention': {'gate elementwise': dict(attn_gate='elementwise'), 'gate headwise': dict(attn_gate='headwise')},
    'parallel_block': {'parallel': dict(block='parallel')},
    'weight_tying': {'untied': dict(tie_embeddings=False)},
    'qkv_bias': {'qkv bias': dict(qkv_bias=True)},
    'output_proj_init': {'zero': dict(proj_init='zero'), 'normal': dict(proj_init='normal')},
    'sandwich_norm': {'sandwich': dict(block='sandwich'), 'sandwich + skip weights': dict(block='sandwich', resid_scalars='blagpt'),
                      'sandwich + embed_norm': dict(block='sandwich', embed_norm=True), 'pre-norm + embed_norm': dict(embed_norm=True)},
    'rope_variants': {'rope θ=1M': dict(rope_theta=1e6), 'simplified rope': dict(position='rope_simple')},
    'multi_token_prediction': {'n_predict=2': dict(head='mtp', n_predict=2), 'n_predict=3': dict(head='mtp', n_predict=3),
                               'n_predict=3 shared': dict(head='mtp', n_predict=3, mtp_shared_head=True),
                               'baseline, untied': dict(tie_embeddings=False),
                               'n_predict=2, untied': dict(head='mtp', n_predict=2, tie_embeddings=False)},
    'polycom': {'polyrelu': dict(mlp='polyrelu'), 'polynorm': dict(mlp='polynorm')},
    'mlp_activations': {'relu2': dict(mlp='relu2'), 'swiglu (8/3)': dict(mlp='swiglu', mlp_ratio=8/3),
                        'geglu (8/3)': dict(mlp='geglu', mlp_ratio=8/3)},
    'sliding_window': {'SL, w=16': dict(window_pattern='SL', short_window=16),
                       'SSSL, w=16': dict(window_pattern='SSSL', short_window=16)},
    'diff_attention': {'diff v1': dict(attention='diff'), 'diff v2': dict(attention='diff_v2')},
    'softpick': {'softpick': dict(attention='softpick'), 'softpick, causal': dict(attention_pattern='softpick,causal')},
    'forgetting_attention': {'fox': dict(attention='fox'), 'fox_pro': dict(attention='fox_pro')},
    'mla': {'mla r=32': dict(attention='mla', kv_lora_rank=32),
            'mla r=32, q rank 32': dict(attention='mla', kv_lora_rank=32, q_lora_rank=32)},
    'kimi_delta_attention': {'kda': dict(attention='kda'), 'kda, causal': dict(attention_pattern='kda,causal')},
    'multi_token_attention': {'mta': dict(attention='mta'), 'causal, mta': dict(attention_pattern='causal,mta'),
                              'mta, no norm': dict(attention='mta', mta_norm=False)},
    'dilated_attention': {'dilated 16,32,64 / 1,2,4': dict(attention='dilated'),
                          'dilated 32,64 / 1,2': dict(attention='dilated', dilated_segments='32,64', dilated_rates='1,2')},
    'tokenformer': {'tokenformer (matched, 32/256)': dict(attention='tokenformer', mlp='tokenformer', tokenformer_tokens=32),
                    'tokenformer (paper, 64/256)': dict(attention='tokenformer', mlp='tokenformer')},
    'per_layer_embeddings': {'d_emb 16': dict(per_layer_emb_dim=16), 'd_emb 32': dict(per_layer_emb_dim=32)},
    'engram': {'minimal': dict(engram='minimal'), 'ngram_lambda': dict(engram='ngram_lambda'), 'simple': dict(engram='simple')},
    'token_order_prediction': {'top 1.0': dict(top_weight=1.0), 'top 1.0, W=16': dict(top_weight=1.0, top_window=16)},
    'canon_layers': {'A': dict(canon='A'), 'AC': dict(canon='AC'), 'ABCD': dict(canon='ABCD')},
    'stem': {'swiglu (8/3)': dict(mlp='swiglu', mlp_ratio=8/3), 'stem full, swiglu (8/3)': dict(mlp='swiglu', mlp_ratio=8/3, stem_ratio='full')},
    'nanochat': {'nanochat-shaped': lambda: __import__('blagpt_nb.config', fromlist=['preset']).preset(
        'nanochat', n_kv_head=2, vocab_size=256, n_layer=4, n_embd=64, n_head=4, block_size=64)},
    'weight_sharing': {'pattern 0,0,1,1': dict(share_pattern='0,0,1,1'), 'pattern 0,1,0,1': dict(share_pattern='0,1,0,1'),
                       '2 layers (same params)': dict(n_layer=2)},
}
BASES = {'sliding_window': dict(n_layer=4), 'nanochat': dict(n_layer=4), 'weight_sharing': dict(n_layer=4)}   # slugs whose baseline is not the 2-layer tiny one

def main(argv):
    path = Path(argv[argv.index('--json') + 1]); slugs = [a for a in argv if not a.startswith('--') and a != str(path)]
    from blagpt_nb.experiment import ablate, ledger_table
    store = json.loads(path.read_text()) if path.exists() else {}
    def save(): path.parent.mkdir(parents=True, exist_ok=True); path.write_text(json.dumps(store))
    slim = lambda rs: [{k: r[k] for k in ('seed', 'val_loss', 'val_bpb', 'seconds', 'params')} for r in rs]
    from blagpt_nb.experiment import tiny_config
    def measure(key, variant, base_kw):
        if key in store: return
        t0 = time.time(); v = variant() if callable(variant) else variant
        store[key] = slim(ablate({key: v}, base=tiny_config(**base_kw))[key]); save()
        print(f"{key}: {[round(r['val_loss'], 4) for r in store[key]]} ({time.time() - t0:.0f} s)", flush=True)
    for slug in slugs:
        base_kw = BASES.get(slug, {}); bkey = 'baseline' + ''.join(f' {k}={v}' for k, v in base_kw.items())
        measure(bkey, {}, base_kw)
        if slug == 'baseline': continue
        for name, kw in VARIANTS[slug].items(): measure(f'{slug}/{name}', kw, base_kw)
        res = {bkey: store[bkey], **{n: store[f'{slug}/{n}'] for n in VARIANTS[slug]}}
        print(f"\n## {slug}\n{ledger_table(res)}\n", flush=True)

if __name__ == '__main__': main(sys.argv[1:])
