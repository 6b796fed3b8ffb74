"""Ralph's LRS on loopback with its file-system backend, for Tests/LRS/ralph-test.sh.

Usage: ralph_server.py DATA_DIR PORT   (RALPH_AUTH_FILE names the users file)

This is `ralph runserver -b fs --fs-default-directory-path DATA_DIR -p PORT` without
uvicorn's reloader (one process, so the test can stop it for sure) and with one change:
Ralph 5.1's file-system LRS backend writes its statements file with the operation type
"create", which refuses every POST after the first ("fs_lrs.jsonl already exists and
overwrite is not allowed"). Here it appends, as the backend's own APPEND mode does.
Everything else -- validation, authentication, duplicate-id handling, GET paging -- is Ralph's.
"""

import os
import sys

data_dir, port = sys.argv[1], int(sys.argv[2])
os.environ["RALPH_RUNSERVER_BACKEND"] = "fs"
os.environ["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = data_dir

from ralph.backends.data.base import BaseOperationType  # noqa: E402
from ralph.backends.lrs.fs import FSLRSBackend  # noqa: E402

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

import uvicorn  # noqa: E402

from ralph.api import app  # noqa: E402

uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
