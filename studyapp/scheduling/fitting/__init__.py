"""Personal FSRS parameters: the training items built from the review log (:mod:`.training`),
the fit and its adoption rule (:mod:`.optimize`), the workload each desired retention
would cost (:mod:`.workload`), and running them in a child process (:mod:`.jobs`)."""
