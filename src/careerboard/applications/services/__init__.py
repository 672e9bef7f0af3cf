"""Every change to bookmarks, applications and the employer pipeline, one module a part:

- `bookmarks`: saving jobs, and the note on a saved job
- `applying`: applying on careerboard, recording an application made elsewhere, tracking a job
  found elsewhere
- `tracking`: the applicant's own notes, next step and status; withdrawing; removing an entry
- `hiring`: the employer pipeline: the hiring company moves applicants between stages, keeps
  notes on them, rejects several at once
- `rules`: who may change what, the spam limit on saving and tracking, and the timeline

Who may do what is checked here, whatever the caller: a person changes only their own bookmarks
and applications; only the members of the hiring company move an on-site application between
stages, and never one the applicant withdrew. Spam limits (core.ratelimit) hold per account and
per job; applying is unlimited on every plan (billing's "applies" feature, through its quota guard,
so a plan that ever gets a limit has it enforced here).
"""
