"""Searching for a plan: the greedy first plan (`greedy`) and the relaxation that steers it (`guided`), one
CP-SAT search of a built model read back into a plan (`run`), large months by neighbourhoods (`large`,
`neighbourhood`), open heads offered to their candidates (`fill`) and re-planning a published plan
(`replan`)."""
