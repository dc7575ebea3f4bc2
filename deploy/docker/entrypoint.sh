#!/bin/sh
# Container entry point: `docker run IMAGE worker trainer` runs `chorale worker trainer`.
# JVM limits come from JAVA_TOOL_OPTIONS (set in the image, overridden per role by compose / Kubernetes).
set -eu

# OpenBLAS 0.3.19 (ND4J's) falls back to slow generic kernels on CPUs it does not know (e.g. AMD Zen 5);
# Haswell kernels are correct on any AVX2 x86-64. A value set by the operator wins.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -q ' avx2' /proc/cpuinfo 2>/dev/null; then
  export OPENBLAS_CORETYPE=Haswell
fi

exec java -jar /opt/chorale/chorale.jar "$@"
