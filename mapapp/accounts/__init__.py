"""Accounts: people who sign in (navigators, commissioners, administrators) and the sign-in limit."""
