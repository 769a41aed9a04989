"""The exercise picker: the exercises by group, and the entry of the one shown."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from explorer.core import registry

ID_ROLE = QtCore.Qt.ItemDataRole.UserRole  # an entry's exercise id
CUSTOM = "Your own function"  # the group of the entry of your own function (id "custom")


def build_picker(on_pick) -> QtWidgets.QTreeWidget:
    """The exercises by group: the book's as "Exercise 5.5", a plugin's group under its
    own name; plugins that could not be loaded are listed greyed out, with the reason."""
    tree = QtWidgets.QTreeWidget()
    tree.setHeaderHidden(True)
    tree.setAccessibleName("Exercise picker")
    tree.setToolTip("Pick an exercise")
    groups: dict[str, QtWidgets.QTreeWidgetItem] = {}
    for ex in registry.exercises():
        plugin = registry.plugin_of(ex.id)
        group = groups.get(ex.group)
        if group is None:
            heading = ex.group if plugin else f"Exercise {ex.group}"
            group = QtWidgets.QTreeWidgetItem(tree, [heading])
            group.setFlags(QtCore.Qt.ItemFlag.ItemIsEnabled)
            groups[ex.group] = group
        item = QtWidgets.QTreeWidgetItem(group, [f"{ex.id}  {ex.title}"])
        item.setData(0, ID_ROLE, ex.id)
        item.setToolTip(0, ex.title + (f" (from the plugin {plugin})" if plugin else ""))
    if registry.problems():
        skipped = QtWidgets.QTreeWidgetItem(tree, ["Plugins skipped"])
        skipped.setFlags(QtCore.Qt.ItemFlag.ItemIsEnabled)
        for problem in registry.problems():
            item = QtWidgets.QTreeWidgetItem(skipped, [problem])
            item.setToolTip(0, problem)
            item.setFlags(QtCore.Qt.ItemFlag.NoItemFlags)
    own = QtWidgets.QTreeWidgetItem(tree, [CUSTOM])
    own.setFlags(QtCore.Qt.ItemFlag.ItemIsEnabled)
    item = QtWidgets.QTreeWidgetItem(own, ["f(x) = … (type one)"])
    item.setData(0, ID_ROLE, "custom")
    item.setToolTip(0, "Your own function f(x), with its tangent, f′ and Taylor polynomials "
                    "(Ctrl+Shift+F)")
    tree.expandAll()
    tree.currentItemChanged.connect(on_pick)
    return tree


def custom_entry(tree: QtWidgets.QTreeWidget) -> QtWidgets.QTreeWidgetItem:
    """The entry of your own function."""
    return next(tree.topLevelItem(i).child(0) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(0) == CUSTOM)


def select_in_picker(tree: QtWidgets.QTreeWidget, exercise_id: str) -> None:
    """Highlight the entry of the exercise shown."""
    match = None
    it = QtWidgets.QTreeWidgetItemIterator(tree)
    while it.value():
        if it.value().data(0, ID_ROLE) == exercise_id:
            match = it.value()
        it += 1
    if match is not tree.currentItem():
        with QtCore.QSignalBlocker(tree):
            tree.setCurrentItem(match)
            if match is None:
                tree.clearSelection()
