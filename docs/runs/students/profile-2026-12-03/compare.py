import json, sys, collections
KERNELS = ["aten::mkldnn_convolution", "aten::convolution_backward", "aten::native_batch_norm",
           "aten::native_batch_norm_backward", "aten::clamp_min", "aten::threshold_backward",
           "aten::max_pool2d_with_indices", "aten::max_pool2d_with_indices_backward"]
def load(f, steps):
    t = json.load(open(f)); ev = t['traceEvents'] if isinstance(t, dict) else t
    xs = [e for e in ev if e.get('ph') == 'X' and 'dur' in e and isinstance(e.get('tid'), int)]
    lo = min(e['ts'] for e in xs); hi = max(e['ts'] + e['dur'] for e in xs)
    d = collections.Counter()
    for e in xs:
        if e['name'] in KERNELS: d[e['name']] += e['dur']
    span = (hi - lo) / steps / 1000
    return span, {k: d[k] / steps / 1000 for k in KERNELS}
steps = int(sys.argv[1]); files = sys.argv[2:]
rows = [load(f, steps) for f in files]
print("%-40s" % "ms per step" + "".join("%14s" % f.split('/')[-1][:13] for f in files))
print("%-40s" % "span" + "".join("%14.2f" % r[0] for r in rows))
for k in KERNELS:
    print("%-40s" % k + "".join("%14.2f" % r[1][k] for r in rows))
print("%-40s" % "rest (span - kernels)" + "".join("%14.2f" % (r[0] - sum(r[1].values())) for r in rows))
