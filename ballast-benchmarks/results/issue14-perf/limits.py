# Mean tuned limit per point (second half of each trace: the measured 5 s), changes per window, lowest limit, from a TpcbScenario log: python3 limits.py LOG
import re, sys, ast
cur = None; out = {}
for line in open(sys.argv[1]):
    m = re.match(r'ballast-tuned, (\d+) clients, pool (\d+):', line)
    if m: cur = (int(m.group(2)), int(m.group(1))); continue
    m = re.match(r'\s+limits: (\[.*\])', line)
    if m and cur:
        l = ast.literal_eval(m.group(1)); h = l[len(l)//2:]
        out.setdefault(cur, []).append((sum(h)/len(h), sum(1 for a, b in zip(l, l[1:]) if a != b) / (len(l)-1), min(h)))
        cur = None
for k, v in sorted(out.items()):
    print(f"pool {k[0]:2} clients {k[1]:2}: mean limit {sum(x[0] for x in v)/len(v):5.2f} (rounds {' '.join(f'{x[0]:.1f}' for x in v)}), changes/window {sum(x[1] for x in v)/len(v):.2f}, lowest {min(x[2] for x in v)}")
