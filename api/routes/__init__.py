"""One router per resource; `api.main.ROUTERS` lists them."""
