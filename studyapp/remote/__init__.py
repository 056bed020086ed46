"""Multi-device sync through a PostgreSQL server the learner runs (no server code of ours).

Each device keeps working offline on its SQLite file; ``sync`` pushes this device's new
reviews and facts, then pulls the others' and replays the items they touch. The SQL of
both sides lives in ``studyapp.store.remote``.
"""


from studyapp.remote.errors import RemoteError

__all__ = ["RemoteError"]
