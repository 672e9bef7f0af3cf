"""Every change to accounts, one module for each part of an account's life:

- `registration`: sign-up, email verification and change of email
- `authentication`: log-in, the lockout after failed attempts, the second step of two-factor
- `two_factor`: turning two-factor authentication on and off, and its recovery codes
- `passwords`: password reset and change
- `user_sessions`: the record of each signed-in browser, and ending sessions
- `access_tokens`: personal access tokens for the API
- `profile`: the person's name, notification settings and account deletion
- `limits`: how many attempts each action allows
"""
