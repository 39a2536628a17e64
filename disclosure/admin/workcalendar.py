"""Admin registrations; see the module owner."""
