SELECT status, timed_out FROM responses;
