"""The CP-SAT model of a month: the instance in plain numbers (`instance`), the variables container and
cost book (`context`), small encodings (`encoding`), pins checked before solving (`pins`), an employee's
plan read as the model reads it (`planned`) and the build of the whole model (`build`)."""
