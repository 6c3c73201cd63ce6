"""The public directory: the pages anyone may browse without logging in (labs, partners, university sites,
regional offices) and the lists' open-data downloads, under one URL namespace, `directory`.

Its pages tie the apps together (a lab's page shows site agreements, an office's page its labs and sites),
and an app only imports from the apps to its left (`regions` ← `labs` ← `agreements`): the directory lives
in the project package, which may import them all. The apps keep their FilterSets and the selectors of
their own data; `selectors` here adds what other apps hold about a page's object.
"""
