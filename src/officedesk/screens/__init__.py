"""The workbench's screens: Today and one per function (Advisory, Handling, Management,
Coordination), each with a tab per register."""
