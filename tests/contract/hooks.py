"""schemathesis hooks for scripts/test-contract.sh (loaded through SCHEMATHESIS_HOOKS).

The admin fuzzer may disable its own account or reset its password with PATCH /admin/accounts/{id}; either
ends that account's sessions, so every later case of the run would only test a dead token. A case aimed at
the fuzzing account itself is sent, unchanged otherwise, to a stand-in admin account made for this: the
operation is still fuzzed with every body, against an account whose loss spoils nothing.
"""

import os

import schemathesis

OWN = os.environ.get("CONTRACT_OWN_ACCOUNT_ID")
STAND_IN = os.environ.get("CONTRACT_STAND_IN_ACCOUNT_ID")


@schemathesis.hook
def before_call(context, case, kwargs):
    if not (OWN and STAND_IN) or case.operation.label != "PATCH /api/v1/admin/accounts/{id}":
        return
    parameters = case.path_parameters or {}
    if str(parameters.get("id")) == OWN:
        parameters["id"] = int(STAND_IN)
