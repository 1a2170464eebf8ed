# Per-point tuned ÷ untuned TPS and per-round ratios from a TpcbScenario log (--pools=ballast,ballast-tuned): python3 rounds.py LOG
import re, sys, collections
cur = None; data = collections.defaultdict(lambda: collections.defaultdict(list))
for line in open(sys.argv[1]):
    m = re.match(r'(ballast(?:-tuned)?), (\d+) clients, pool (\d+):', line)
    if m: cur = (m.group(1), int(m.group(3)), int(m.group(2))); continue
    m = re.match(r'\s+(\d+) tps', line)
    if m and cur: data[(cur[1], cur[2])][cur[0]].append(int(m.group(1))); cur = None
for (pool, clients), d in sorted(data.items()):
    a, b = d.get('ballast', []), d.get('ballast-tuned', [])
    n = min(len(a), len(b))
    if not n: continue
    per = [b[i] / a[i] for i in range(n)]
    print(f"pool {pool:2} clients {clients:2}: untuned {sum(a[:n])/n:7.0f} tuned {sum(b[:n])/n:7.0f} ratio {sum(b[:n])/sum(a[:n]):.3f}  rounds {' '.join(f'{r:.2f}' for r in per)}")
