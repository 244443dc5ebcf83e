"""The application: command line, document, training worker and main window."""

import os

# One BLAS thread: the network's matrices are small, so a second BLAS thread only
# spins and steals the core the GUI thread needs (measured: small net 13k -> 20k
# steps/s, big net 1.1k -> 1.5k).  The grid evaluator splits its large products
# over two Python threads itself.  Set before NumPy loads; the user's value wins.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
