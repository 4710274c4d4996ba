/* leadlib answer groups: every group of answer buttons in the course's exercises behaves
 * as a WAI-ARIA radio group (https://www.w3.org/WAI/ARIA/apg/patterns/radio/), in
 * JupyterLab and in the app (Voila) alike. One file for both: JupyterLab gets it inside
 * the course's extension (leadlib/labconfig.py puts it before run-on-open.js), the app's
 * page loads it with a <script> tag (templates/app/voila/templates/leadlib).
 *
 * A group is an ipywidgets ToggleButtons or RadioButtons view that the Python side marked
 * with the class leadlib-answer-group (leadlib/widgets/_controls.py, answer_group):
 *  - role="radiogroup", named by its visible label ("Behaviour 3:") followed by the
 *    question shown just before it in the same box (class leadlib-answer-question);
 *  - each toggle button gets role="radio" and aria-checked (a native radio input says
 *    both by itself, and ARIA in HTML forbids repeating them there);
 *  - one tab stop per group (roving tabindex): the checked option, or the first enabled
 *    one when none is checked;
 *  - Left/Up and Right/Down move to the previous/next option and select it (wrapping),
 *    Home/End to the first/last, Space and Enter select the focused option. In a group
 *    whose every choice is a scored try (class leadlib-answer-tries: the quiz, the
 *    self-checks) the arrows, Home and End only move; Space or Enter chooses. These keys
 *    never reach JupyterLab: in a notebook's command mode they would move the cell
 *    selection and take the focus out of the exercise. Keys with Ctrl, Alt or Meta
 *    (Ctrl+S, the browser's own) pass through untouched.
 *
 * Selecting clicks the option, exactly as the mouse does, so ipywidgets sends the choice
 * to the kernel and the exercise saves it. Handouts are plain HTML and never load this.
 */
(function () {
  'use strict';
  if (typeof window === 'undefined' || window.leadlibAnswerGroups) return; // loaded once
  var GROUP = 'leadlib-answer-group';
  var QUESTION = 'leadlib-answer-question';
  var TRIES = 'leadlib-answer-tries';
  var OPTION = 'button.widget-toggle-button, input[type="radio"]';
  var MOVES = { ArrowLeft: -1, ArrowUp: -1, ArrowRight: 1, ArrowDown: 1 };
  var lastId = 0;

  function options(group) {
    return Array.prototype.slice.call(group.querySelectorAll(OPTION));
  }

  function isNative(option) {
    return option.tagName === 'INPUT';
  }

  function isChecked(option) {
    return isNative(option) ? option.checked : option.classList.contains('mod-active');
  }

  function usable(option) {
    return !option.disabled;
  }

  function set(element, name, value) {
    // only real changes: the page stays quiet, and no observer sees a change of ours
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }

  function idOf(element) {
    if (!element.id) element.id = 'leadlib-answer-' + (++lastId);
    return element.id;
  }

  /* The visible words that name the group: its own label, then the question shown
   * before it in the same box. */
  function nameParts(group) {
    var parts = [];
    var label = group.querySelector(':scope > label.widget-label');
    if (label && label.textContent.trim() && label.style.display !== 'none') {
      parts.push(idOf(label));
    }
    for (var node = group.previousElementSibling; node; node = node.previousElementSibling) {
      if (node.classList.contains(QUESTION)) {
        parts.push(idOf(node));
        break;
      }
    }
    return parts.join(' ');
  }

  /* Roles, states and the single tab stop, from what ipywidgets shows now. */
  function refresh(group) {
    set(group, 'role', 'radiogroup');
    var name = nameParts(group);
    if (name) set(group, 'aria-labelledby', name);
    var all = options(group);
    var current = all.filter(function (o) { return isChecked(o) && usable(o); })[0] ||
      all.filter(usable)[0];
    all.forEach(function (option) {
      if (!isNative(option)) {
        set(option, 'role', 'radio');
        set(option, 'aria-checked', isChecked(option) ? 'true' : 'false');
      }
      set(option, 'tabindex', option === current ? '0' : '-1');
    });
    if (all.length && all.every(function (o) { return !usable(o); })) {
      set(group, 'aria-disabled', 'true');
    } else if (group.hasAttribute('aria-disabled')) {
      group.removeAttribute('aria-disabled');
    }
  }

  function refreshAll(root) {
    var groups = (root || document).getElementsByClassName(GROUP);
    for (var i = 0; i < groups.length; i++) refresh(groups[i]);
  }

  function select(group, option) {
    if (!isChecked(option)) option.click(); // as the mouse does: ipywidgets sends it
    refresh(group);
  }

  function onKeydown(event) {
    if (event.key === 'Tab') {
      refreshAll(); // before the browser picks the next tab stop
      return;
    }
    var target = event.target;
    var group = target && target.closest ? target.closest('.' + GROUP) : null;
    if (!group || !target.matches(OPTION)) return;
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    var key = event.key;
    var all = options(group).filter(usable);
    var at = all.indexOf(target);
    var next = null;
    var choose = true;
    if (Object.prototype.hasOwnProperty.call(MOVES, key)) {
      if (!all.length) return;
      next = all[((at < 0 ? 0 : at + MOVES[key]) + all.length) % all.length];
    } else if (key === 'Home') {
      next = all[0];
    } else if (key === 'End') {
      next = all[all.length - 1];
    } else if (key === ' ' || key === 'Spacebar' || key === 'Enter') {
      next = at < 0 ? null : target;
    } else {
      return;
    }
    if (next !== target && group.classList.contains(TRIES)) choose = false;
    // ours, not JupyterLab's (it ignores a key whose default is prevented) nor the page's
    event.preventDefault();
    event.stopPropagation();
    if (!next) return;
    if (!choose) { // move only: the tab stop follows the focus until Tab leaves
      all.forEach(function (o) { set(o, 'tabindex', o === next ? '0' : '-1'); });
      next.focus();
      return;
    }
    set(next, 'tabindex', '0');
    next.focus();
    select(group, next);
  }

  function onChoice(event) {
    var target = event.target;
    var group = target && target.closest ? target.closest('.' + GROUP) : null;
    if (group) setTimeout(function () { refresh(group); }, 0); // after ipywidgets' update
  }

  var pending = false;
  function later() {
    if (pending) return;
    pending = true;
    setTimeout(function () {
      pending = false;
      refreshAll();
    }, 0);
  }

  /* Whether a change of the page may concern a group (cheap: the notebook's editor
   * changes the page at every keystroke). */
  function touchesGroup(record) {
    var target = record.target;
    if (target.nodeType === 1 && target.closest('.' + GROUP)) return true;
    if (record.type !== 'childList') return false;
    for (var i = 0; i < record.addedNodes.length; i++) {
      var node = record.addedNodes[i];
      if (node.nodeType === 1 &&
          (node.classList.contains(GROUP) || node.getElementsByClassName(GROUP).length)) {
        return true;
      }
    }
    return false;
  }

  function install(doc) {
    doc = doc || document;
    // capture: before JupyterLab's shortcuts and before the option's own handlers
    doc.addEventListener('keydown', onKeydown, true);
    doc.addEventListener('click', onChoice, true);
    doc.addEventListener('change', onChoice, true);
    // groups drawn, redrawn (new options), checked or enabled by the kernel
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        if (touchesGroup(records[i])) return later();
      }
    }).observe(doc.documentElement || doc.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['class', 'disabled']
    });
    refreshAll(doc);
  }

  window.leadlibAnswerGroups = { refresh: refreshAll, install: install };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { install(document); });
  } else {
    install(document);
  }
})();
