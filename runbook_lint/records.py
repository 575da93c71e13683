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

# Type checkers read ``typing`` (``dataclass_transform`` is there from 3.11, and
# mypy treats any name ``TYPE_CHECKING`` as true). At run time neither is
# imported on any version: ``typing`` costs milliseconds of start-up that the
# ``rules`` and ``explain`` commands never pay otherwise, and the decorators
# below only have to leave the functions they decorate unchanged.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import sys
    from collections.abc import Callable
    from typing import ClassVar, NoReturn, Protocol, TypeVar, overload

    if sys.version_info >= (3, 11):
        from typing import dataclass_transform
    else:  # a checker run for 3.10 reads the stubs mypy bundles; never imported
        from typing_extensions import dataclass_transform

    _T = TypeVar("_T")

    class _Record(Protocol):
        _fields: ClassVar[tuple[str, ...]]

else:

    def dataclass_transform(**_options):
        return lambda function: function


_MISSING = object()


class Factory:
    """What ``field(default_factory=...)`` puts in the class body: a default
    made fresh for each instance."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], object]) -> None:
        self.make = make


if TYPE_CHECKING:
    # To type checkers the default is a value of the field's type, as with
    # ``dataclasses.field``; a keyword argument, so that they see a default.
    def field(*, default_factory: Callable[[], _T]) -> _T: ...

else:

    def field(*, default_factory):
        return Factory(default_factory)


class FrozenInstanceError(AttributeError):
    pass


def _frozen_setattr(self: object, name: str, value: object) -> NoReturn:
    raise FrozenInstanceError(f"cannot assign to field '{name}' of a frozen {type(self).__name__}")


def _frozen_delattr(self: object, name: str) -> NoReturn:
    raise FrozenInstanceError(f"cannot delete field '{name}' of a frozen {type(self).__name__}")


def _reduce(self: _Record) -> tuple[type, tuple[object, ...]]:
    return (type(self), tuple(getattr(self, name) for name in self._fields))


def _replace(self: _Record, **changes: object) -> object:
    values = {name: getattr(self, name) for name in self._fields}
    values.update(changes)
    return type(self)(**values)


def replace(instance: _T, /, **changes: object) -> _T:
    """A copy of a record with some fields changed (``dataclasses.replace``);
    the ``replace()`` method does the same but is invisible to type checkers."""
    kind = type(instance)
    fields: tuple[str, ...] = getattr(kind, "_fields")  # noqa: B009 (made by @record, unknown to type checkers)
    values = {name: getattr(instance, name) for name in fields}
    values.update(changes)
    return kind(**values)


def _repr(self: _Record) -> str:
    inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
    return f"{type(self).__qualname__}({inner})"


if TYPE_CHECKING:

    @overload
    def record(cls: type[_T], /) -> type[_T]: ...

    @overload
    def record(*, frozen: bool = True) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type | None = None, *, frozen: bool = True) -> type | Callable[[type], type]:
    def make(cls: type) -> type:
        names = tuple(cls.__dict__.get("__annotations__", {}))
        namespace = {
            key: value
            for key, value in cls.__dict__.items()
            if key not in names and key not in ("__dict__", "__weakref__")
        }
        defaults = {name: cls.__dict__[name] for name in names if name in cls.__dict__}
        env: dict[str, object] = {"_MISSING": _MISSING, "_new": object.__new__}
        params: list[str] = []
        body: list[str] = []
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

        def one_value(self: object, _n: str = names[0] if names else "") -> tuple[object, ...]:
            return (getattr(self, _n),)

        # attrgetter of several names gives a tuple, of one name a bare value.
        values: Callable[[object], tuple[object, ...]] = (
            attrgetter(*names) if len(names) != 1 else one_value
        )

        def __eq__(self: object, other: object) -> bool:
            if other.__class__ is not self.__class__:
                return NotImplemented
            return values(self) == values(other)

        def __hash__(self: object) -> int:
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
