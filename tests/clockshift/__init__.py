"""Run the tests with the wall clock moved (CUECARD_TEST_CLOCK_SHIFT_DAYS)."""
