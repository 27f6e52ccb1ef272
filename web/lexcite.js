// Lexcite page script: citation markers, outline jumps and copy buttons, by event delegation.
(() => {
  const flash = (node) => {  // restart the highlight animation
    node.classList.remove('is-active'); void node.offsetWidth; node.classList.add('is-active');
  };
  const copy = async (text, button) => {
    try { await navigator.clipboard.writeText(text); }
    catch (error) {
      const area = Object.assign(document.createElement('textarea'), {value: text});
      document.body.append(area); area.select(); document.execCommand('copy'); area.remove();
    }
    const label = button.textContent; button.textContent = 'Copied ✓';
    setTimeout(() => { button.textContent = label; }, 1500);
  };
  document.addEventListener('click', (event) => {
    const marker = event.target.closest('[data-cite]');
    if (marker) {
      event.preventDefault();
      const root = marker.closest('.lx-answer');
      const card = root && root.querySelector(`[data-card="${marker.dataset.cite}"]`);
      if (!card) return;
      root.querySelectorAll('.lx-card.is-active').forEach((c) => c.classList.remove('is-active'));
      card.scrollIntoView({behavior: 'smooth', block: 'center'});
      flash(card); card.focus({preventScroll: true});
      return;
    }
    const jump = event.target.closest('[data-jump]');
    if (jump) {
      event.preventDefault();
      const line = jump.closest('.lx-doc').querySelector(`[data-at="${jump.dataset.jump}"]`);
      if (line) { line.scrollIntoView({block: 'start'}); flash(line); }
      return;
    }
    const button = event.target.closest('[data-copy], [data-copy-link]');
    if (button) copy(button.dataset.copy ?? window.location.href, button);
  });
})();
