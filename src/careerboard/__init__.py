"""careerboard: a remote job board with career guides and a two-plan membership."""
