"""One BLAS thread unless the environment says otherwise.

The work here is thousands of small matrix-vector products: BLAS threads only fight each
other and the server's other workers (measured 5-17x slower on a busy 2-core machine, see
docs/architecture.md, D8). This must run before NumPy loads its BLAS, which is why `core`
imports it first; the server imports `core` before anything that loads NumPy.
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
