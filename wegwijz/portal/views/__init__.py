"""The portal's pages, one module per part (sign-in, admin, kennisbank, newcomers, monitoring)."""
