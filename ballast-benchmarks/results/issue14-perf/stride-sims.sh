#!/bin/bash
# usage: stride-sims.sh CORE_CLASSES SIM_CLASSES (output: stride-sims.txt)
CP=$1:$2  # e.g. ballast-core/target/classes and the directory TuningSim and SettleSim were compiled to
SWEEP=1.20,1.71,1.60,1.48,1.36,1.34,1.32,1.30,1.265,1.23,1.195,1.16,1.14,1.12,1.10,1.08,1.06,1.04,1.02,1.00
K16=0.35,0.6,0.757,0.824,0.851,1.0,0.97,0.941,0.89,0.836
M16=0.25,0.49,0.70,0.89,0.95,1.0,0.98,0.955,0.94,0.92
run() { echo "== $*"; java $JOPTS -cp $CP dev.ballast.internal.tuning.TuningSim "$@"; }
runr() { r=$1; shift; echo "== ramp $r $*"; java $JOPTS -Dramp=$r -cp $CP dev.ballast.internal.tuning.TuningSim "$@"; }
run $SWEEP 0.1 0.4 0.1 0.995 64 40 50 125
run $SWEEP 0.2 0.4 0.2 0.98 64 40 50 125
run $SWEEP 0.1 0.4 0.1 0.995 64 40 150 600
run $K16 0.3 0.4 0.2 0.98 16 40 150 600
run $K16 0.4 0.4 0.2 0.98 16 40 150 600
run $M16 0.1 0.4 0.1 0.995 16 40 150 600
run $M16 0.1 0.4 0.1 0.995 16 40 25 50
run $M16 0.2 0.4 0.1 0.995 16 40 150 600
run usl:0.05:0.002:20 0.1 0.4 0.1 0.995 64 40 150 600
run usl:0.05:0.002:20 0.1 0.4 0.1 0.995 64 40 25 125
run usl:0.02:0.005:20 0.1 0.4 0.1 0.995 64 40 150 600
run usl:0.02:0.005:20 0.1 0.4 0.1 0.995 64 40 25 50
run usl:0.02:0.02:20 0.1 0.4 0.1 0.995 64 40 150 600
run usl:0.02:0.02:20 0.1 0.4 0.1 0.995 64 40 25 50
run 0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1,1,1,1,1,1,1,1,1,1,1 0.1 0.4 0.1 0.995 64 40 25 125
run $(python3 -c "print(','.join(str(round(min(l,18)/18,3)) for l in range(1,21)))") 0.1 0.4 0.1 0.995 64 40 25 125
runr 0.8:5 $K16 0.1 0.4 0.1 0.995 16 40 0 50
runr 0.8:5 $K16 0.25 0.4 0.2 0.98 16 40 0 50
runr 0.6:10 $K16 0.1 0.4 0.1 0.995 16 40 0 50
runr 0.6:10 $K16 0.25 0.4 0.2 0.98 16 40 0 50
for cv in 0.02 0.05 0.08 0.10; do echo "== settle $cv"; java $JOPTS -cp $CP dev.ballast.internal.tuning.SettleSim $cv 0.4 0.05 200 570; done
