"""The environment-variable inventory: which variables the code reads (discover), what the team knows about
them (the inventory file, model), whether the platform really has them (stores, check), and the handover
outputs (report, export, snapshot).

Data flows one way: discovery -> inventory file -> stores -> check results -> report. The store modules are
the only place that ever holds a value, and only long enough to hash and judge it.
"""
