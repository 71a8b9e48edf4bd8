# Burns CPU forever: the CPU rlimit must stop it (TLE).
while True:
    pass
