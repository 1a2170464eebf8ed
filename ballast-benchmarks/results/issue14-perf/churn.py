# Connections a tuned pool opened per round against its limit changes, from a TpcbScenario log whose tuned rows end
# with "at the end: PoolStats[...]" (the whole run: warm-up and measured window): python3 churn.py LOG
import re, sys, ast
cur = None; limits = None; out = {}
for line in open(sys.argv[1]):
    m = re.match(r'ballast-tuned, (\d+) clients, pool (\d+):', line)
    if m: cur = (int(m.group(2)), int(m.group(1))); continue
    m = re.match(r'\s+limits: (\[.*\])', line)
    if m and cur: limits = ast.literal_eval(m.group(1)); continue
    m = re.search(r'at the end: .*connectionsCreated=(\d+), connectionsClosed=(\d+)', line)
    if m and cur and limits is not None:
        changes = sum(1 for a, b in zip(limits, limits[1:]) if a != b)
        ups = sum(1 for a, b in zip(limits, limits[1:]) if b > a)
        out.setdefault(cur, []).append((int(m.group(1)), int(m.group(2)), changes, ups, max(limits)))
        cur = None; limits = None
for k, v in sorted(out.items()):
    n = len(v)
    print(f"pool {k[0]:2} clients {k[1]:2}: per round opened {sum(x[0] for x in v)/n:5.1f}, closed {sum(x[1] for x in v)/n:4.1f}, "
          f"limit changes {sum(x[2] for x in v)/n:5.1f} ({sum(x[3] for x in v)/n:.1f} up), highest limit {max(x[4] for x in v)}")
