#!/usr/bin/env python3
"""Where the TPC-B client threads spend their CPU, from a JFR recording with JDK 25's CPU-time sampler.

Record (JDK 25, Linux):
  java "-XX:StartFlightRecording=filename=X.jfr,jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=1ms" \
       -cp benchmarks.jar dev.ballast.benchmarks.scenario.TpcbScenario --pools=ballast --clients=4 ...
  jfr print --events jdk.CPUTimeSample --stack-depth 64 X.jfr > X.txt
Then: cpu-profile.py X.txt [regex of methods to list inclusively]

Only samples of the client threads (tpcb-client-*) count. Each sample is put in one category by the first frame from
the leaf up that belongs to the JDBC driver (org.postgresql), to a pool (Ballast's dev.ballast.internal, HikariCP,
Agroal, Vibur, DBCP2) or to the benchmark: kernel and JDK time under a driver call (socket writes and reads) is the
driver's, under a pool call (parking, yielding) the pool's.
"""
import collections
import re
import sys

POOLS = ('dev.ballast.internal', 'com.zaxxer', 'io.agroal', 'org.vibur', 'org.apache.commons.dbcp2',
         'org.apache.commons.pool2')


def samples(path):
    for event in open(path).read().split('jdk.CPUTimeSample')[1:]:
        thread = re.search(r'eventThread = "(.*?)"', event)
        if thread and thread.group(1).startswith('tpcb-client'):
            yield [re.sub(r'\s+line:.*', '', l.strip()) for l in event.splitlines() if 'line:' in l]


def category(frames):
    for f in frames:
        if f.startswith('org.postgresql'):
            return 'driver'
        if f.startswith(POOLS):
            return 'pool'
        if f.startswith('dev.ballast.benchmarks'):
            return 'benchmark'
    return 'other'


def main():
    path, pattern = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
    cats, leaf, inclusive, n = collections.Counter(), collections.Counter(), collections.Counter(), 0
    for frames in samples(path):
        n += 1
        cats[category(frames)] += 1
        if frames:
            leaf[frames[0]] += 1
        for m in {f.split('(')[0] for f in frames}:
            inclusive[m] += 1
    print(f'{path}: {n} client-thread samples')
    print('by category: ' + ', '.join(f'{k} {100 * v / n:.2f}%' for k, v in cats.most_common()))
    print('hottest leaf frames:')
    for m, c in leaf.most_common(15):
        print(f'  {100 * c / n:5.1f}% {m}')
    if pattern:
        print(f'inclusive, methods matching {pattern}:')
        for m, c in inclusive.most_common():
            if re.search(pattern, m) and c * 500 >= n:
                print(f'  {100 * c / n:5.1f}% {m}')


if __name__ == '__main__':
    main()
