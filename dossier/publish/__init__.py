"""Stage 5, publish: a written site -> a site ready to deploy.

In: the folder Pelican wrote. Out: the Pagefind search index (:mod:`.search`), the link
and anchor check (:mod:`.linkcheck`; :mod:`.linkindex` and :mod:`.linkrecords` check a few
changed pages against what an earlier check learnt) and the offline zip bundle
(:mod:`.bundle`).
"""
