"""``@record``: frozen, slotted value classes that are cheap to define.

They behave like ``@dataclass(frozen=True, slots=True)`` — fields from the
annotations, defaults, value equality and hashing, a readable repr,
``replace()``, pickling — but a class costs about 30 microseconds to create
instead of 500: ``dataclasses`` runs ``inspect`` and several ``exec`` calls per
class, and with some forty classes on the import path of `check` that alone
was a third of the start-up budget (see the README's performance section).
Mutable records (``frozen=False``) are for the simulation's bookkeeping.
"""

from __future__ import annotations

from operator import attrgetter

_MISSING = object()


class Factory:
    """A default made fresh for each instance (like ``field(default_factory=...)``)."""

    __slots__ = ("make",)

    def __init__(self, make) -> None:
        self.make = make


class FrozenInstanceError(AttributeError):
    pass


def _frozen_setattr(self, name, value):
    raise FrozenInstanceError(f"cannot assign to field '{name}' of a frozen {type(self).__name__}")


def _frozen_delattr(self, name):
    raise FrozenInstanceError(f"cannot delete field '{name}' of a frozen {type(self).__name__}")


def _reduce(self):
    return (type(self), tuple(getattr(self, name) for name in self._fields))


def _replace(self, **changes):
    values = {name: getattr(self, name) for name in self._fields}
    values.update(changes)
    return type(self)(**values)


def _repr(self):
    inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
    return f"{type(self).__qualname__}({inner})"


def record(cls=None, *, frozen: bool = True):
    def make(cls):
        names = tuple(cls.__dict__.get("__annotations__", {}))
        namespace = {
            key: value
            for key, value in cls.__dict__.items()
            if key not in names and key not in ("__dict__", "__weakref__")
        }
        defaults = {name: cls.__dict__[name] for name in names if name in cls.__dict__}
        env: dict = {"_MISSING": _MISSING, "_new": object.__new__}
        params, body = [], []
        for name in names:
            value = defaults.get(name, _MISSING)
            if value is _MISSING:
                params.append(name)
            elif isinstance(value, Factory):
                env[f"_f_{name}"] = value.make
                params.append(f"{name}=_MISSING")
                body.append(f"    if {name} is _MISSING: {name} = _f_{name}()")
            else:
                env[f"_d_{name}"] = value
                params.append(f"{name}=_d_{name}")
        if frozen:
            # Built as an instance of a mutable twin with the same slots, then
            # switched to the frozen class: plain assignments instead of one
            # object.__setattr__ call per field (the AST is built at this speed).
            body.append("    self = _new(_Twin)")
            body += [f"    self.{name} = {name}" for name in names]
            body.append("    self.__class__ = cls")
            body.append("    return self")
            source = f"def __new__(cls, {', '.join(params)}):\n" + "\n".join(body) + "\n"
        else:
            body += [f"    self.{name} = {name}" for name in names]
            source = (
                f"def __init__(self, {', '.join(params)}):\n"
                + ("\n".join(body) or "    pass")
                + "\n"
            )
        exec(source, env)  # the one generated function: most of the cost of defining a class
        values = (
            attrgetter(*names)
            if len(names) != 1
            else (lambda self, _n=names[0]: (getattr(self, _n),))
        )

        def __eq__(self, other):
            if other.__class__ is not self.__class__:
                return NotImplemented
            return values(self) == values(other)

        def __hash__(self):
            return hash(values(self))

        namespace.update(
            __match_args__=names,
            _fields=names,
            __eq__=__eq__,
            __hash__=__hash__ if frozen else None,
            __repr__=namespace.get("__repr__", _repr),
            __reduce__=_reduce,
            replace=_replace,
        )
        if not frozen:
            namespace.update(__slots__=names, __init__=env["__init__"])
            built = type(cls)(cls.__name__, cls.__bases__, namespace)
            built.__qualname__ = cls.__qualname__
            return built
        # Frozen: a base holding the slots, the public class refusing writes,
        # and a private twin that __new__ fills before switching its class.
        base = type(cls)(f"_{cls.__name__}Slots", cls.__bases__, {"__slots__": names})
        twin = type(cls)(f"_{cls.__name__}Building", (base,), {"__slots__": ()})
        env["_Twin"] = twin
        namespace.update(
            __slots__=(),
            __new__=env["__new__"],
            __setattr__=_frozen_setattr,
            __delattr__=_frozen_delattr,
        )
        built = type(cls)(cls.__name__, (base,), namespace)
        built.__qualname__ = cls.__qualname__
        return built

    return make if cls is None else make(cls)
