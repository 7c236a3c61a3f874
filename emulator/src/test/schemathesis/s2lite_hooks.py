"""schemathesis hooks for OpenApiFuzzTest (loaded through SCHEMATHESIS_HOOKS)."""
import schemathesis


@schemathesis.hook
def before_call(context, case, kwargs):
    # A read at the tail with `wait` long-polls for up to 60 s: keep it to a second so the run fits
    # its budget (long polls have their own tests). Values that are not integers stay as generated.
    query = case.query
    if isinstance(query, dict) and isinstance(query.get("wait"), int) and query["wait"] > 1:
        query["wait"] = 1
