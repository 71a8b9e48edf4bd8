"""People and rounds over the API (docs/api.md), one module per area: accounts (tokens, the profile),
sessions (practice rounds, autosave), availability, bookings (open slots, booking and changes), loops (and
peer swaps), live (the reviewer's side of a booked round). Shared serializers: serializers.py.

Every endpoint calls the services the pages call, and reaches objects through `interviews.access`, so an
outsider gets the same 404 as on the pages.
"""
