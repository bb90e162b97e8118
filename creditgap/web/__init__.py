"""creditgap serve: a local page for people who never open a terminal (the ``web`` extra).

``create_app`` (app.py) is the Starlette application; ``serve`` runs it on 127.0.0.1 only.
Nothing here touches the network beyond the loopback socket it listens on.
"""
