"""The app's screens: home, review, finish, help and error."""
