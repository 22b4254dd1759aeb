"""Every card API write needs an Idempotency-Key.

The shared mechanism of ``common.idempotency``, with the key required and
handed to the handler as ``key`` so that payments and top-ups also write it
into the ledger entry (whose unique index is the last word).
"""

from jiazheng.common.idempotency import idempotency_header
from jiazheng.common.idempotency import idempotent as _idempotent

IDEMPOTENCY_HEADER = idempotency_header(required=True)
idempotent = _idempotent(required=True, key_argument="key")
