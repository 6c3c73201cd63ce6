"""Speed measurements of the application (never timed assertions in tests).

`python -m bench` (`bench/__main__.py`) runs them all at the sizes asked and writes one table and one JSON
file; each script also runs alone: `seed_demo.py` (building a national-size database), `public_pages.py`
(the pages on a seeded database), `import_rnsr.py` (the RNSR import on a generated file). `settings.py` is
the application's settings with static files collected into the benchmark's folder, for production mode.
"""
