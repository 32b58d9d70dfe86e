"""Stage 6, build: runs the stages above in order and publishes the result.

In: the project folder and the command's options. Out: the site in ``output/`` (built
aside, checked, then swapped in) and the offline bundle. :mod:`.site` is the orchestrator,
:mod:`.pelican` the only Pelican glue (settings, the run, the page generator, the Jinja
environment), :mod:`.incremental` the warm rebuilds and :mod:`.preview` the preview server.
"""
