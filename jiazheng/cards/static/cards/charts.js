// Draw the statistics chart from the JSON the page embeds (no inline code);
// series names come translated from the view.
(function () {
  "use strict";
  var holder = document.getElementById("chart");
  var source = document.getElementById("chart-data");
  if (!holder || !source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var chart = window.echarts.init(holder);
  var series;
  if (holder.dataset.kind === "line") {
    series = [
      { name: data.names.issued, type: "bar", data: data.issued },
      { name: data.names.redeemed, type: "bar", data: data.redeemed },
      { name: data.names.outstanding, type: "line", data: data.outstanding }
    ];
  } else {
    series = [{ name: data.names.amount, type: "bar", data: data.values }];
  }
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: {},
    grid: { left: 60, right: 20, bottom: 60 },
    xAxis: { type: "category", data: data.labels, axisLabel: { rotate: 30 } },
    yAxis: { type: "value" },
    series: series
  });
  window.addEventListener("resize", function () { chart.resize(); });
}());
