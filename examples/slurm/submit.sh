#!/usr/bin/env bash
# Queues a sweep on Slurm: a job array of SHARDS tasks, one shard each, and the merge as a
# job that waits for the whole array to succeed.
#
#   examples/slurm/submit.sh SCENARIO SHARDS OUT RESULT
#
# OUT collects the shard folders, RESULT gets the merged outputs. Set IMPLSCI to the path of
# the implsci binary when it is not on PATH on the compute nodes.
set -euo pipefail

if [ "$#" -ne 4 ]; then
  echo "usage: $0 SCENARIO SHARDS OUT RESULT" >&2
  exit 2
fi
scenario="$1"
shards="$2"
out="$3"
result="$4"
case "$shards" in
  '' | *[!0-9]* | 0)
    echo "$0: SHARDS is $shards: a whole number of 1 or more" >&2
    exit 2
    ;;
esac
here="$(cd "$(dirname "$0")" && pwd)"

# --parsable prints "JOBID" or "JOBID;CLUSTER".
array="$(sbatch --parsable --array="0-$((shards - 1))" "$here/sweep.sbatch" "$scenario" "$out")"
array="${array%%;*}"
merge="$(sbatch --parsable --dependency="afterok:$array" "$here/merge.sbatch" "$out" "$result")"
echo "queued the sweep as job array $array (${shards} tasks) and its merge as job ${merge%%;*}"
