"""Reliability checks with figures (docs/reliability.md): fuzzing, crash safety, long
runs, a privacy audit and races. The harnesses live here; bench/reliability/ runs them in
full, the tests here run them in a reduced form in CI."""
